package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.gateway.main.NodeConfig;
import dev.signalbox.gateway.main.SignalboxNode;
import dev.signalbox.gateway.router.RouterConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-bus ingest limits over HTTP: two buses of one node with different limits, each holding
 * every content mode to its own; the bounds a PUT may not pass; limits declared in the YAML file;
 * limits that survive a restart and changes that hold from the next request.
 */
@ExtendWith(VertxExtension.class)
class BusLimitsIT {

    private static final String BATCH = "application/cloudevents-batch+json";
    private static final String STRUCTURED = "application/cloudevents+json";
    /** Over 64 KiB, under the node's default of 256 KiB. */
    private static final int MIDDLING = 100 * 1024;

    @Test
    void theSameEventIsAcceptedOnOneBusAndRefusedWithTheLimitOnTheOther(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            JsonNode wide = api.put("/v1/buses/wide", "{}").json();
            assertEquals(262144, wide.at("/limits/maxEventBytes").asInt(), "the node's default");
            assertEquals(1000, wide.at("/limits/maxBatchEntries").asInt());
            assertEquals(4096000, wide.at("/limits/maxBatchBytes").asInt(), "the node's body limit");
            assertEquals(65536, wide.at("/limits/maxHeaderBytes").asInt());
            Api.Response created = api.put("/v1/buses/narrow", "{\"limits\": {\"maxEventBytes\": 65536}}");
            assertEquals(201, created.status(), created.text());
            assertEquals(65536, created.json().at("/limits/maxEventBytes").asInt());
            assertEquals(1000, created.json().at("/limits/maxBatchEntries").asInt(), "the rest follow the node");

            byte[] data = new byte[MIDDLING];
            assertEquals(202, binary(api, "wide", "b-1", data).status());
            Api.Response refused = binary(api, "narrow", "b-1", data);
            assertTooLarge(refused, "event.too-large", "65536", "limits.maxEventBytes");
            // The binary event's size is its body and its ce- attributes, names and values.
            int attributes = "specversion1.0idb-1source/limitstypet".length();
            assertTrue(
                    refused.json()
                            .get("detail")
                            .asText()
                            .contains("The event is " + (MIDDLING + attributes) + " bytes"),
                    refused.text());

            String structured = structured("s-1", "x".repeat(MIDDLING));
            assertEquals(
                    202,
                    api.post("/v1/buses/wide/events", STRUCTURED, bytes(structured), Map.of())
                            .status());
            assertTooLarge(
                    api.post("/v1/buses/narrow/events", STRUCTURED, bytes(structured), Map.of()),
                    "event.too-large",
                    "65536",
                    String.valueOf(structured.length()));

            String batch = "[" + structured("in-batch-big", "x".repeat(MIDDLING)) + ","
                    + structured("in-batch-small", "y") + "]";
            JsonNode wideBatch = api.post("/v1/buses/wide/events", BATCH, bytes(batch), Map.of())
                    .json();
            assertEquals(0, wideBatch.get("failedEntryCount").asInt(), wideBatch.toString());
            Api.Response narrowBatch = api.post("/v1/buses/narrow/events", BATCH, bytes(batch), Map.of());
            assertEquals(200, narrowBatch.status(), "an entry over the event limit is that entry's result");
            JsonNode entries = narrowBatch.json().get("entries");
            assertEquals(1, narrowBatch.json().get("failedEntryCount").asInt());
            assertEquals("event.too-large", entries.get(0).get("errorCode").asText());
            assertTrue(entries.get(0).get("errorMessage").asText().contains("65536"), entries.toString());
            assertEquals("in-batch-small", entries.get(1).get("id").asText());
            assertEquals(404, api.get("/v1/buses/narrow/events/in-batch-big").status());
        }
    }

    @Test
    void batchEntryAndByteLimitsRefuseTheWholeBatchSayingTheLimitAndTheSize(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/buses/few", "{\"limits\": {\"maxBatchEntries\": 5, \"maxBatchBytes\": 65536}}");
            api.put("/v1/buses/many", "{}");

            byte[] six = bytes(batchOf(6, "s"));
            assertEquals(
                    200, api.post("/v1/buses/many/events", BATCH, six, Map.of()).status());
            Api.Response tooMany = api.post("/v1/buses/few/events", BATCH, six, Map.of());
            assertTooLarge(tooMany, "batch.too-large", "at most 5", "has 6 entries");
            assertTrue(tooMany.json().get("detail").asText().contains("limits.maxBatchEntries"), tooMany.text());
            assertEquals(
                    200,
                    api.post("/v1/buses/few/events", BATCH, bytes(batchOf(5, "s")), Map.of())
                            .status());

            byte[] heavy = bytes(batchOf(4, "x".repeat(20 * 1024)));
            assertEquals(
                    200,
                    api.post("/v1/buses/many/events", BATCH, heavy, Map.of()).status());
            Api.Response tooHeavy = api.post("/v1/buses/few/events", BATCH, heavy, Map.of());
            assertTooLarge(tooHeavy, "batch.too-large", "65536", "The batch is " + heavy.length + " bytes");
            assertTrue(tooHeavy.json().get("detail").asText().contains("limits.maxBatchBytes"), tooHeavy.text());
        }
    }

    @Test
    void aBusThatLowersItsHeaderLimitAnswers431NamingIt(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/buses/terse", "{\"limits\": {\"maxHeaderBytes\": 4096}}");
            api.put("/v1/buses/chatty", "{}");
            Map<String, String> headers = Map.of(
                    "ce-specversion",
                    "1.0",
                    "ce-id",
                    "h-1",
                    "ce-source",
                    "/s",
                    "ce-type",
                    "t",
                    "x-trace",
                    "t".repeat(5000));
            assertEquals(
                    202,
                    api.post("/v1/buses/chatty/events", "text/plain", bytes("x"), headers)
                            .status());
            Api.Response refused = api.post("/v1/buses/terse/events", "text/plain", bytes("x"), headers);
            assertEquals(431, refused.status(), refused.text());
            assertEquals("request.headers-too-large", refused.json().get("code").asText());
            assertTrue(refused.json().get("detail").asText().contains("4096"), refused.text());
            assertTrue(refused.json().get("detail").asText().contains("limits.maxHeaderBytes"), refused.text());
            Api.Response structured = api.post(
                    "/v1/buses/terse/events",
                    STRUCTURED,
                    bytes(structured("h-2", "y")),
                    Map.of("x-trace", "t".repeat(5000)));
            assertEquals(431, structured.status(), "every content mode: " + structured.text());
            assertEquals(
                    202,
                    api.post("/v1/buses/terse/events", STRUCTURED, bytes(structured("h-3", "y")), Map.of())
                            .status());
        }
    }

    @Test
    void aPutOutsideTheBoundsIsRefusedNamingTheLimitAndTheBound(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertRefused(api, "{\"maxEventBytes\": 1000}", "/limits/maxEventBytes", "at least 65536");
            assertRefused(api, "{\"maxEventBytes\": 65535}", "/limits/maxEventBytes", "64 KiB");
            assertRefused(api, "{\"maxEventBytes\": 100000000}", "/limits/maxEventBytes", "at most 4096000");
            assertRefused(api, "{\"maxBatchEntries\": 0}", "/limits/maxBatchEntries", "at least 1");
            assertRefused(api, "{\"maxBatchEntries\": 1001}", "/limits/maxBatchEntries", "--max-batch-entries");
            assertRefused(api, "{\"maxBatchBytes\": 5000000}", "/limits/maxBatchBytes", "at most 4096000");
            assertRefused(api, "{\"maxHeaderBytes\": 70000}", "/limits/maxHeaderBytes", "at most 65536");
            assertRefused(api, "{\"maxHeaderBytes\": 100}", "/limits/maxHeaderBytes", "at least 4096");
            assertRefused(api, "{\"maxEventBytes\": \"big\"}", "/limits/maxEventBytes", "integer");
            assertRefused(api, "{\"maxEvents\": 5}", "/limits/maxEvents", "not a known field");
            assertRefused(api, "7", "/limits", "must be an object");
            assertEquals(404, api.get("/v1/buses/bounded").status(), "nothing was created");
            Api.Response atBounds = api.put(
                    "/v1/buses/bounded",
                    "{\"limits\": {\"maxEventBytes\": 4096000, \"maxBatchEntries\": 1000, \"maxBatchBytes\": 4096000,"
                            + " \"maxHeaderBytes\": 65536}}");
            assertEquals(201, atBounds.status(), atBounds.text());
        }
    }

    @Test
    void limitsSurviveARestartAndAChangeHoldsFromTheNextRequest(Vertx vertx, @TempDir Path dir) throws Exception {
        byte[] data = new byte[MIDDLING];
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/buses/kept", "{\"limits\": {\"maxEventBytes\": 65536, \"maxBatchEntries\": 3}}");
            assertEquals(413, binary(api, "kept", "k-1", data).status());
        }
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            JsonNode limits = api.get("/v1/buses/kept").json().get("limits");
            assertEquals(65536, limits.get("maxEventBytes").asInt(), limits.toString());
            assertEquals(3, limits.get("maxBatchEntries").asInt(), limits.toString());
            assertTooLarge(binary(api, "kept", "k-2", data), "event.too-large", "65536", "limits.maxEventBytes");
            assertEquals(
                    413,
                    api.post("/v1/buses/kept/events", BATCH, bytes(batchOf(4, "s")), Map.of())
                            .status());

            Api.Response raised = api.put("/v1/buses/kept", "{\"limits\": {\"maxEventBytes\": 131072}}");
            assertEquals(200, raised.status(), raised.text());
            assertEquals(1000, raised.json().at("/limits/maxBatchEntries").asInt(), "left out: the node's default");
            assertEquals(202, binary(api, "kept", "k-3", data).status(), "no restart needed");
            assertEquals(
                    200,
                    api.post("/v1/buses/kept/events", BATCH, bytes(batchOf(4, "s")), Map.of())
                            .status());
            assertEquals(200, api.put("/v1/buses/kept", "{}").status());
            assertEquals(
                    262144,
                    api.get("/v1/buses/kept").json().at("/limits/maxEventBytes").asInt(),
                    "back to the default");
        }
    }

    @Test
    void aStoredLimitAboveABoundTheNodeLoweredIsHeldToTheBound(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(
                    201,
                    api.put("/v1/buses/roomy", "{\"limits\": {\"maxBatchEntries\": 800}}")
                            .status());
        }
        NodeConfig smaller = new NodeConfig(
                dir,
                "127.0.0.1",
                0,
                0,
                Optional.of(TestNode.KEY),
                true,
                256 * 1024,
                500,
                0,
                TestNode.SEGMENT_BYTES,
                8192,
                NodeConfig.RESIDENT_LOG_BYTES,
                Duration.ofSeconds(2),
                RouterConfig.DEFAULTS,
                Optional.empty(),
                NodeConfig.IDLE_TIMEOUT);
        SignalboxNode node = SignalboxNode.start(vertx, smaller).await(60, TimeUnit.SECONDS);
        try {
            Api api = new Api(node.port(), TestNode.KEY);
            assertEquals(
                    500,
                    api.get("/v1/buses/roomy")
                            .json()
                            .at("/limits/maxBatchEntries")
                            .asInt());
            assertTooLarge(
                    api.post("/v1/buses/roomy/events", BATCH, bytes(batchOf(501, "s")), Map.of()),
                    "batch.too-large",
                    "at most 500");
            Api.Response again = api.put("/v1/buses/roomy", "{\"limits\": {\"maxBatchEntries\": 800}}");
            assertEquals(400, again.status(), "a new PUT is held to the bound: " + again.text());
        } finally {
            node.stop().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void limitsDeclaredInTheConfigFileHold(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        Files.writeString(
                file,
                """
                buses:
                  declared:
                    limits: {maxEventBytes: 65536, maxBatchEntries: 2}
                  plain: {}
                """);
        try (TestNode node = TestNode.withConfigFile(vertx, dir.resolve("data"), file)) {
            Api api = node.api();
            JsonNode limits = api.get("/v1/buses/declared").json().get("limits");
            assertEquals(65536, limits.get("maxEventBytes").asInt(), limits.toString());
            assertEquals(2, limits.get("maxBatchEntries").asInt());
            byte[] data = new byte[MIDDLING];
            assertTooLarge(binary(api, "declared", "y-1", data), "event.too-large", "65536", "limits.maxEventBytes");
            assertEquals(202, binary(api, "plain", "y-1", data).status());
            assertTooLarge(
                    api.post("/v1/buses/declared/events", BATCH, bytes(batchOf(3, "s")), Map.of()),
                    "batch.too-large",
                    "at most 2",
                    "has 3 entries");
        }
    }

    @Test
    void aConfigFileOverTheNodesBoundsDoesNotStartTheNode(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        Files.writeString(file, "buses:\n  greedy:\n    limits: {maxBatchEntries: 5000}\n");
        Exception refused =
                assertThrows(Exception.class, () -> TestNode.withConfigFile(vertx, dir.resolve("data"), file));
        String message = String.valueOf(refused.getMessage()) + String.valueOf(refused.getCause());
        assertTrue(message.contains("/buses/greedy/limits/maxBatchEntries"), message);
        assertTrue(message.contains("at most 1000"), message);
        assertTrue(message.contains("line 3"), "the file's line is named: " + message);
    }

    private static void assertRefused(Api api, String limits, String pointer, String says) {
        Api.Response response = api.put("/v1/buses/bounded", "{\"limits\": " + limits + "}");
        assertEquals(400, response.status(), limits + ": " + response.text());
        assertEquals("request.invalid", response.json().get("code").asText());
        List<String> said = new ArrayList<>();
        response.json().get("errors").forEach(e -> {
            if (e.get("pointer").asText().equals(pointer)) {
                said.add(e.get("detail").asText());
            }
        });
        assertTrue(said.stream().anyMatch(d -> d.contains(says)), limits + " -> " + response.text());
    }

    private static void assertTooLarge(Api.Response response, String code, String... says) {
        assertEquals(413, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals(code, response.json().get("code").asText());
        for (String s : says) {
            assertTrue(response.json().get("detail").asText().contains(s), "says " + s + ": " + response.text());
        }
    }

    private static Api.Response binary(Api api, String bus, String id, byte[] data) {
        return api.postEvent(
                bus,
                BinaryEvent.of(id, "application/octet-stream", data)
                        .withSource("/limits")
                        .withType("t"));
    }

    private static String structured(String id, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/limits\",\"type\":\"t\","
                + "\"datacontenttype\":\"text/plain\",\"data\":\"" + data + "\"}";
    }

    private static String batchOf(int entries, String data) {
        StringJoiner batch = new StringJoiner(",", "[", "]");
        for (int i = 0; i < entries; i++) {
            batch.add(structured("batch-" + i + "-" + data.length(), data));
        }
        return batch.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
