package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.storage.StoredRecord;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches go to the store as one request: each entry still gets its own result in request order,
 * the valid ones are stored in that order with their data byte for byte, and a deduplicating
 * bus still stores a repeated (source, id) once, also inside one batch.
 */
@ExtendWith(VertxExtension.class)
class BatchIngestIT {

    private static final String BATCH = "application/cloudevents-batch+json";

    @Test
    void aBatchIsStoredInOrderWithAResultPerEntry(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/bulk", "{\"flush\":\"sync\"}").status());
            StringJoiner batch = new StringJoiner(",", "[", "]");
            for (int i = 0; i < 300; i++) {
                if (i == 7) {
                    batch.add("{\"specversion\":\"1.0\",\"id\":\"no-source\",\"type\":\"t\"}");
                } else if (i == 150) {
                    batch.add(entry("x".repeat(1500), "{\"n\":150}"));
                } else {
                    batch.add(entry("e" + i, "{\"n\": " + i + ",  \"kept\" : [1.50, \"\\u00e9\"]}"));
                }
            }
            Api.Response response = api.post(
                    "/v1/buses/bulk/events", BATCH, batch.toString().getBytes(StandardCharsets.UTF_8), Map.of());
            assertEquals(200, response.status(), response.text());
            JsonNode result = response.json();
            assertEquals(2, result.get("failedEntryCount").asInt(), response.text());
            JsonNode entries = result.get("entries");
            assertEquals(300, entries.size());
            assertEquals("event.invalid", entries.get(7).get("errorCode").asText());
            assertEquals("event.invalid", entries.get(150).get("errorCode").asText());
            assertTrue(entries.get(150).get("errorMessage").asText().contains("/id"), response.text());
            String topic = node.node().catalog().requireBus("bulk").topic();
            List<StoredRecord> stored = node.node().store().read(topic, 0, 1000);
            assertEquals(298, stored.size(), "every valid entry stored once");
            int next = 0;
            for (int i = 0; i < 300; i++) {
                if (i == 7 || i == 150) {
                    continue;
                }
                assertEquals("e" + i, entries.get(i).get("id").asText());
                assertEquals(List.of("e" + i), stored.get(next++).keys(), "stored in request order");
            }
            Api.Response found = api.get("/v1/buses/bulk/events/e299");
            assertEquals(200, found.status());
            assertTrue(
                    found.text().contains("{\"n\": 299,  \"kept\" : [1.50, \"\\u00e9\"]}"),
                    "data byte-exact: " + found.text());
            assertTrue(api.withKey(null)
                    .get("/metrics")
                    .text()
                    .contains("signalbox_events_accepted_total{bus=\"bulk\"} 298.0"));
        }
    }

    @Test
    void aDeduplicatingBusStoresARepeatInsideOneBatchOnce(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(
                    201, api.put("/v1/buses/once", "{\"deduplication\":\"on\"}").status());
            String batch = "[" + entry("same", "1") + "," + entry("other", "2") + "," + entry("same", "3") + "]";
            JsonNode result = api.post("/v1/buses/once/events", BATCH, batch.getBytes(StandardCharsets.UTF_8), Map.of())
                    .json();
            assertEquals(0, result.get("failedEntryCount").asInt(), result.toString());
            assertTrue(result.get("entries").get(0).path("status").isMissingNode(), result.toString());
            assertEquals(
                    "deduplicated", result.get("entries").get(2).get("status").asText(), result.toString());
            String topic = node.node().catalog().requireBus("once").topic();
            assertEquals(2, node.node().store().nextOffset(topic));
            assertEquals(
                    "1",
                    api.get("/v1/buses/once/events/same").json().get("data").toString());
        }
    }

    private static String entry(String id, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/s\",\"type\":\"t\","
                + "\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
    }
}
