package dev.signalbox.benchmarks.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signalbox.schema.JsonSchemas;
import dev.signalbox.schema.discovery.InferredShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What schema enforcement adds to each event at ingest, in one thread: reading the event's data
 * as a JSON tree (the part a bus without enforcement skips) and validating it. Two data shapes:
 * the ingest load test's 1 KiB {@code {"order", "note"}} object with its schema, and an order of
 * about 600 bytes with formats (uuid, date-time), an enum, a nested array of objects. Discovery's
 * merge of one sample is measured on the order too.
 *
 *   java -jar benchmarks/target/benchmarks.jar SchemaValidationBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchemaValidationBenchmark {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private byte[] benchData;
    private byte[] orderData;
    private JsonSchemas.DataValidator benchSchema;
    private JsonSchemas.DataValidator orderSchema;
    private InferredShape shape;

    @Setup
    public void setUp() throws IOException {
        String note = "x".repeat(1024 - "{\"order\":\"bench\",\"note\":\"\"}".length());
        benchData = ("{\"order\":\"bench\",\"note\":\"" + note + "\"}").getBytes(StandardCharsets.UTF_8);
        benchSchema = JsonSchemas.compile(JSON.readTree("{\"type\": \"object\", \"additionalProperties\": false,"
                + " \"required\": [\"order\", \"note\"], \"properties\": {\"order\": {\"type\": \"string\","
                + " \"minLength\": 1, \"maxLength\": 64}, \"note\": {\"type\": \"string\", \"maxLength\": 4096}}}"));
        orderData = ("{\"orderId\":\"3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41\",\"placedAt\":\"2026-11-21T10:00:00Z\","
                        + "\"customer\":{\"id\":\"c-1042\",\"tier\":\"gold\",\"email\":\"ada@example.com\"},"
                        + "\"amount\":129.95,\"currency\":\"EUR\",\"items\":[{\"sku\":\"sku-1\",\"qty\":2,\"price\":19.99},"
                        + "{\"sku\":\"sku-7\",\"qty\":1,\"price\":89.97}],\"shipping\":{\"method\":\"express\","
                        + "\"address\":{\"street\":\"1 Main St\",\"city\":\"Lyon\",\"zip\":\"69001\"}},"
                        + "\"tags\":[\"web\",\"promo\"]}")
                .getBytes(StandardCharsets.UTF_8);
        orderSchema = JsonSchemas.compile(
                JSON.readTree(
                        "{\"type\": \"object\","
                                + " \"required\": [\"orderId\", \"placedAt\", \"customer\", \"amount\", \"currency\", \"items\"],"
                                + " \"properties\": {"
                                + "  \"orderId\": {\"type\": \"string\", \"format\": \"uuid\"},"
                                + "  \"placedAt\": {\"type\": \"string\", \"format\": \"date-time\"},"
                                + "  \"customer\": {\"type\": \"object\", \"required\": [\"id\"], \"properties\": {"
                                + "    \"id\": {\"type\": \"string\"}, \"tier\": {\"enum\": [\"gold\", \"silver\", \"bronze\"]},"
                                + "    \"email\": {\"type\": \"string\", \"format\": \"email\"}}},"
                                + "  \"amount\": {\"type\": \"number\", \"minimum\": 0},"
                                + "  \"currency\": {\"enum\": [\"EUR\", \"USD\", \"GBP\"]},"
                                + "  \"items\": {\"type\": \"array\", \"minItems\": 1, \"items\": {\"type\": \"object\","
                                + "    \"required\": [\"sku\", \"qty\"], \"properties\": {\"sku\": {\"type\": \"string\"},"
                                + "    \"qty\": {\"type\": \"integer\", \"minimum\": 1}, \"price\": {\"type\": \"number\"}}}},"
                                + "  \"shipping\": {\"type\": \"object\"}, \"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}}}"));
        shape = new InferredShape();
        shape.merge(JSON.readTree(orderData));
        if (!benchSchema.accepts(JSON.readTree(benchData)) || !orderSchema.accepts(JSON.readTree(orderData))) {
            throw new IllegalStateException("the benchmark's data must fit its schemas");
        }
    }

    @Benchmark
    public JsonNode parseBenchData() throws IOException {
        return JSON.readTree(benchData);
    }

    @Benchmark
    public int parseAndValidateBenchData() throws IOException {
        return benchSchema.validate(JSON.readTree(benchData), "/data").size();
    }

    @Benchmark
    public JsonNode parseOrder() throws IOException {
        return JSON.readTree(orderData);
    }

    @Benchmark
    public int parseAndValidateOrder() throws IOException {
        return orderSchema.validate(JSON.readTree(orderData), "/data").size();
    }

    @Benchmark
    public boolean parseAndDiscoverOrder() throws IOException {
        return shape.merge(JSON.readTree(orderData));
    }
}
