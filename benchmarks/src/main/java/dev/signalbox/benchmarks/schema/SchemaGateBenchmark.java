package dev.signalbox.benchmarks.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.auth.SecretBox;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.BusLimits;
import dev.signalbox.gateway.bus.BusSchemas;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.IngestLimits;
import dev.signalbox.gateway.bus.NodeLimits;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.gateway.schema.Discovery;
import dev.signalbox.gateway.schema.SchemaGate;
import dev.signalbox.gateway.schema.StoredRegistries;
import dev.signalbox.schema.Registries;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Events per second through {@link SchemaGate#check} on an enforcing bus, in one thread, beside
 * the networknt validator called directly on the same schema and the same data bytes (parsed with
 * the gate's own Jackson settings): the anchor, so the difference is what the gate adds (finding
 * the bus's mapping and schema version, copying the data out of the event, turning errors into
 * violations, and refusing with an exception or marking the event).
 *
 * <p>The event is an order of about 1 KiB of data; the schema (2020-12, about 1.6 KiB) has
 * formats (uuid, date-time, email), enums, patterns, {@code $ref}s to {@code $defs}, a nested array
 * of objects and {@code additionalProperties: false}. The invalid order is the same size and breaks
 * it in three places (an enum, a minimum, an email format). Buses and the registry are made as a
 * node makes them, on a real store in a scratch directory ({@code -Dsignalbox.bench.dir}, else
 * {@code java.io.tmpdir}), removed afterwards.
 *
 *   java -jar benchmarks/target/benchmarks.jar SchemaGateBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SchemaGateBenchmark {

    /** The gate's own reader settings (SchemaGate's mapper), so the anchor parses the same way. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final String SCHEMA = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\","
            + " \"type\": \"object\", \"additionalProperties\": false,"
            + " \"required\": [\"orderId\", \"placedAt\", \"customer\", \"amount\", \"currency\", \"items\"],"
            + " \"properties\": {"
            + "  \"orderId\": {\"type\": \"string\", \"format\": \"uuid\"},"
            + "  \"placedAt\": {\"type\": \"string\", \"format\": \"date-time\"},"
            + "  \"customer\": {\"type\": \"object\", \"required\": [\"id\", \"email\"], \"properties\": {"
            + "    \"id\": {\"type\": \"string\", \"pattern\": \"^c-[0-9]+$\"},"
            + "    \"tier\": {\"enum\": [\"gold\", \"silver\", \"bronze\"]},"
            + "    \"email\": {\"type\": \"string\", \"format\": \"email\"}}},"
            + "  \"amount\": {\"type\": \"number\", \"minimum\": 0},"
            + "  \"currency\": {\"enum\": [\"EUR\", \"USD\", \"GBP\"]},"
            + "  \"items\": {\"type\": \"array\", \"minItems\": 1, \"maxItems\": 100,"
            + "    \"items\": {\"$ref\": \"#/$defs/item\"}},"
            + "  \"shipping\": {\"type\": \"object\", \"required\": [\"method\", \"address\"], \"properties\": {"
            + "    \"method\": {\"enum\": [\"standard\", \"express\", \"pickup\"]},"
            + "    \"address\": {\"$ref\": \"#/$defs/address\"}}},"
            + "  \"tags\": {\"type\": \"array\", \"uniqueItems\": true, \"items\": {\"type\": \"string\", \"maxLength\": 32}},"
            + "  \"note\": {\"type\": \"string\", \"maxLength\": 500}},"
            + " \"$defs\": {"
            + "  \"item\": {\"type\": \"object\", \"required\": [\"sku\", \"qty\", \"price\"], \"additionalProperties\": false,"
            + "    \"properties\": {\"sku\": {\"type\": \"string\", \"pattern\": \"^sku-[0-9]{1,6}$\"},"
            + "    \"name\": {\"type\": \"string\", \"maxLength\": 80},"
            + "    \"qty\": {\"type\": \"integer\", \"minimum\": 1}, \"price\": {\"type\": \"number\", \"minimum\": 0}}},"
            + "  \"address\": {\"type\": \"object\", \"required\": [\"street\", \"city\", \"zip\", \"country\"],"
            + "    \"properties\": {\"street\": {\"type\": \"string\"}, \"city\": {\"type\": \"string\"},"
            + "    \"zip\": {\"type\": \"string\", \"pattern\": \"^[0-9A-Z -]{3,10}$\"},"
            + "    \"country\": {\"type\": \"string\", \"pattern\": \"^[A-Z]{2}$\"}}}}}";

    private Path dir;
    private Vertx vertx;
    private MessageStore store;
    private SchemaGate gate;
    private BusState rejecting;
    private BusState flagging;
    private Event valid;
    private Event invalid;
    private byte[] validData;
    private byte[] invalidData;
    private Schema direct;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory(
                Path.of(System.getProperty("signalbox.bench.dir", System.getProperty("java.io.tmpdir"))),
                "schema-gate");
        vertx = Vertx.vertx();
        store = MessageStore.open(StoreConfig.builder(dir.resolve("data")).build());
        VertxMessageStore async = new VertxMessageStore(vertx, store);
        Registries registries = new Registries(new StoredRegistries(async), Clock.systemUTC());
        await(registries.putRegistry("shop", Optional.empty(), Optional.empty()).toCompletableFuture());
        await(registries
                .register("shop", "order", JSON.readTree(SCHEMA), Optional.empty(), Optional.empty())
                .toCompletableFuture());
        IngestLimits limits = new IngestLimits(256 * 1024, 100, 1024 * 1024, 8 * 1024);
        BusCatalog catalog = new BusCatalog(
                vertx,
                JSON,
                async,
                target -> {
                    throw new IllegalStateException("the benchmark's buses have no rules");
                },
                SecretBox.open(dir),
                new NodeLimits(limits, limits, Map.of()));
        rejecting = bus(catalog, "orders", "reject");
        flagging = bus(catalog, "orders-flagged", "flag");
        gate = new SchemaGate(registries, new Discovery(registries), new GatewayMetrics());

        validData = order("EUR", 2, "ada@example.com");
        invalidData = order("EURO", 0, "ada.example.com");
        valid = event(validData);
        invalid = event(invalidData);
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        direct = SchemaRegistry.withDefaultDialect(
                        SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config))
                .getSchema(JSON.readTree(SCHEMA));
        check();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        await(vertx.close().toCompletionStage().toCompletableFuture());
        store.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A valid event through a rejecting bus's gate: stored as posted. */
    @Benchmark
    public Event gateValid() {
        return gate.check(rejecting, valid);
    }

    /** An invalid event through a rejecting bus's gate: refused with every violation (a 422). */
    @Benchmark
    public Object gateInvalidRejected() {
        try {
            return gate.check(rejecting, invalid);
        } catch (SignalboxException e) {
            return e;
        }
    }

    /** An invalid event through a flagging bus's gate: stored, marked with its violations. */
    @Benchmark
    public Event gateInvalidFlagged() {
        return gate.check(flagging, invalid);
    }

    /** The anchor: the same valid data parsed and validated by networknt directly. */
    @Benchmark
    public List<Error> networkntValid() throws IOException {
        return direct.validate(JSON.readTree(validData));
    }

    /** The anchor for the invalid data. */
    @Benchmark
    public List<Error> networkntInvalid() throws IOException {
        return direct.validate(JSON.readTree(invalidData));
    }

    /** Each path does what its name says, before anything is measured. */
    private void check() throws IOException {
        if (gate.check(rejecting, valid) != valid || !networkntValid().isEmpty()) {
            throw new IllegalStateException("the valid order must pass");
        }
        Object refused = gateInvalidRejected();
        if (!(refused instanceof SignalboxException e)
                || e.type() != ErrorType.EVENT_SCHEMA_VIOLATION
                || e.violations().size() != 3
                || networkntInvalid().size() != 3) {
            throw new IllegalStateException("the invalid order must break the schema in 3 places: " + refused);
        }
        if (!gateInvalidFlagged().attributes().containsKey(SchemaGate.ERRORS_EXTENSION)) {
            throw new IllegalStateException("the flagging bus must mark the invalid order");
        }
        if (validData.length < 1000 || validData.length > 1100 || invalidData.length < 1000) {
            throw new IllegalStateException("the orders must be about 1 KiB: " + validData.length);
        }
    }

    private static BusState bus(BusCatalog catalog, String name, String enforcement) throws Exception {
        Instant now = Instant.now();
        BusSchemas schemas = new BusSchemas(
                List.of(new BusSchemas.Mapping(
                        Optional.of("order.placed"), Optional.empty(), Optional.empty(), "order", Optional.empty())),
                false);
        await(catalog.putBus(new BusDefinition(
                        name,
                        Optional.empty(),
                        FlushMode.ASYNC,
                        enforcement,
                        Optional.of("shop"),
                        Optional.empty(),
                        BusDefinition.newTopic(name, now),
                        now,
                        schemas,
                        BusLimits.NODE_DEFAULTS))
                .toCompletionStage()
                .toCompletableFuture());
        return catalog.requireBus(name);
    }

    private static Event event(byte[] data) {
        return new Event(
                Map.of(
                        "specversion", "1.0",
                        "id", "3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41",
                        "source", "/shop/web",
                        "type", "order.placed",
                        "datacontenttype", "application/json"),
                data);
    }

    /** An order of about 1 KiB; the arguments are where the invalid one breaks the schema. */
    private static byte[] order(String currency, int secondQty, String email) {
        return ("{\"orderId\":\"3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41\",\"placedAt\":\"2026-11-22T04:30:00Z\","
                        + "\"customer\":{\"id\":\"c-1042\",\"tier\":\"gold\",\"email\":\"" + email + "\"},"
                        + "\"amount\":312.40,\"currency\":\"" + currency + "\",\"items\":["
                        + "{\"sku\":\"sku-1\",\"name\":\"Espresso beans, 1 kg\",\"qty\":2,\"price\":24.90},"
                        + "{\"sku\":\"sku-7\",\"name\":\"Burr grinder\",\"qty\":" + secondQty + ",\"price\":189.00},"
                        + "{\"sku\":\"sku-31\",\"name\":\"Milk jug, 600 ml\",\"qty\":1,\"price\":19.50},"
                        + "{\"sku\":\"sku-112\",\"name\":\"Paper filters (200)\",\"qty\":3,\"price\":6.40},"
                        + "{\"sku\":\"sku-208\",\"name\":\"Descaler\",\"qty\":1,\"price\":12.90},"
                        + "{\"sku\":\"sku-415\",\"name\":\"Cleaning tablets\",\"qty\":2,\"price\":8.75},"
                        + "{\"sku\":\"sku-502\",\"name\":\"Travel mug, steel\",\"qty\":1,\"price\":22.00},"
                        + "{\"sku\":\"sku-640\",\"name\":\"Tamper, 58 mm\",\"qty\":1,\"price\":29.95}],"
                        + "\"shipping\":{\"method\":\"express\",\"address\":{\"street\":\"12 Rue de la Republique\","
                        + "\"city\":\"Lyon\",\"zip\":\"69002\",\"country\":\"FR\"}},"
                        + "\"tags\":[\"web\",\"promo-autumn\",\"returning\"],"
                        + "\"note\":\"Please leave the parcel with the concierge if nobody answers the door;"
                        + " the grinder is a gift, so no invoice in the box please.\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }
}
