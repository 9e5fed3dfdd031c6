package dev.signalbox.benchmarks.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.rules.InputTransform;
import dev.signalbox.rules.TransformContext;
import dev.signalbox.rules.TransformOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One input-transformer template filled per delivery, in one thread: {@code paths}, an
 * EventBridge-style template of three paths and the rule's name over an order of about 600 bytes;
 * {@code event4k} and {@code event64k}, {@code {"e": <signalbox.event>}} over an event whose data
 * is about 4 KiB or 64 KiB of orders (the filled template's nesting is counted from its bytes when
 * it is long enough to nest past 1,000 levels, so these two pay for the count).
 *
 *   java -jar benchmarks/target/benchmarks.jar TemplateFillBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TemplateFillBenchmark {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String ORDER = "{\"orderId\":\"3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41\","
            + "\"customer\":{\"id\":\"c-1042\",\"tier\":\"gold\",\"email\":\"ada@example.com\"},"
            + "\"amount\":129.95,\"currency\":\"EUR\",\"items\":[{\"sku\":\"sku-1\",\"qty\":2,\"price\":19.99},"
            + "{\"sku\":\"sku-7\",\"qty\":1,\"price\":89.97}],\"note\":\"leave at the door\"}";

    @Param({"paths", "event4k", "event64k"})
    public String shape;

    private InputTransform transform;
    private ObjectNode view;
    private TransformContext context;

    @Setup
    public void setUp() throws IOException {
        String data;
        if (shape.equals("paths")) {
            data = ORDER;
            transform = InputTransform.parse(JSON.readTree("{\"inputTransformer\": {\"inputPathsMap\":"
                    + " {\"id\": \"$.data.orderId\", \"tier\": \"$.data.customer.tier\", \"items\": \"$.data.items\"},"
                    + " \"inputTemplate\": \"{\\\"order\\\": <id>, \\\"tier\\\": \\\"<tier>\\\", \\\"items\\\": <items>,"
                    + " \\\"rule\\\": \\\"<signalbox.rule-name>\\\"}\"}}"));
        } else {
            int orders = (shape.equals("event4k") ? 4 * 1024 : 64 * 1024) / ORDER.length();
            data = "{\"orders\": [" + String.join(",", Collections.nCopies(orders, ORDER)) + "]}";
            transform = InputTransform.parse(
                    JSON.readTree("{\"inputTransformer\": {\"inputTemplate\": \"{\\\"e\\\": <signalbox.event>}\"}}"));
        }
        view = (ObjectNode) JSON.readTree("{\"specversion\":\"1.0\",\"id\":\"e-1\",\"source\":\"shop\","
                + "\"type\":\"order.created\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}");
        context = new TransformContext("orders", "big-orders", Instant.parse("2026-11-22T01:00:00Z"), 262_144);
    }

    @Benchmark
    public TransformOutput fill() {
        return transform.apply(view, context);
    }
}
