package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Deduplication, per-key rate limits, batch limits and the metrics that count them. */
@ExtendWith(VertxExtension.class)
class IngestControlsIT {

    @Test
    void aDeduplicationWindowWithoutDeduplicationIsRefusedNotDropped(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            for (String body : new String[] {
                "{\"deduplicationWindowSeconds\": 60}",
                "{\"deduplication\": \"off\", \"deduplicationWindowSeconds\": 60}"
            }) {
                Api.Response refused = api.put("/v1/buses/w", body);
                assertEquals(400, refused.status(), body + ": " + refused.text());
                assertEquals("request.invalid", refused.json().get("code").asText());
                assertEquals(
                        "/deduplicationWindowSeconds",
                        refused.json().get("errors").get(0).get("pointer").asText());
                assertEquals(1, refused.json().get("errors").size(), refused.text());
                assertEquals(404, api.get("/v1/buses/w").status(), "nothing created");
            }
            assertEquals(
                    201,
                    api.put("/v1/buses/w", "{\"deduplication\": \"off\", \"deduplicationWindowSeconds\": null}")
                            .status(),
                    "null is absent");
            JsonNode on = api.put("/v1/buses/w", "{\"deduplication\": \"on\", \"deduplicationWindowSeconds\": 60}")
                    .json();
            assertEquals(60, on.get("deduplicationWindowSeconds").asInt(), on.toString());
        }
    }

    @Test
    void aDeduplicatingBusStoresARepeatedSourceAndIdOnceEvenAcrossARestart(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            JsonNode bus =
                    api.put("/v1/buses/dedup", "{\"deduplication\": \"on\"}").json();
            assertEquals("on", bus.get("deduplication").asText());
            assertEquals(300, bus.get("deduplicationWindowSeconds").asInt(), "five minutes by default");

            assertEquals(202, post(api, "dedup", "same", "/a", "first").status());
            Api.Response again = post(api, "dedup", "same", "/a", "second");
            assertEquals(202, again.status());
            assertEquals("deduplicated", again.json().get("status").asText());
            assertTrue(
                    post(api, "dedup", "same", "/b", "other source")
                            .json()
                            .path("status")
                            .isMissingNode(),
                    "another source with the same id is another event");
        }
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(
                    "deduplicated",
                    post(api, "dedup", "same", "/a", "third")
                            .json()
                            .get("status")
                            .asText());
            assertEquals(
                    "first",
                    api.get("/v1/buses/dedup/events/same?source=/a")
                            .json()
                            .get("data")
                            .asText(),
                    "the first copy is the one kept");
            String metrics = api.withKey(null).get("/metrics").text();
            assertTrue(metrics.contains("signalbox_events_deduplicated_total{bus=\"dedup\"} 1.0"), metrics);
        }
    }

    @Test
    void aKeyOverItsRateGets429WithRetryAfter(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir, Duration.ofMillis(20), Duration.ofMillis(200), 5)) {
            Api api = node.api();
            api.put("/v1/buses/limited", "{}");
            int accepted = 0;
            Api.Response refused = null;
            for (int i = 0; i < 20 && refused == null; i++) {
                Api.Response response = post(api, "limited", "e-" + i, "/s", "x");
                if (response.status() == 202) {
                    accepted++;
                } else {
                    refused = response;
                }
            }
            assertTrue(accepted >= 5 && refused != null, "a burst of the rate passes, then the key is refused");
            assertEquals(429, refused.status());
            assertEquals("rate.limited", refused.json().get("code").asText());
            assertTrue(
                    Integer.parseInt(refused.headers().firstValue("retry-after").orElseThrow()) >= 1);
            Api.Response batch =
                    api.post("/v1/buses/limited/events", "application/cloudevents-batch+json", batch(10), Map.of());
            assertEquals(429, batch.status(), "a batch takes one token per entry");
        }
    }

    @Test
    void aBatchOverTheEntryLimitIsRefusedWhole(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/buses/big", "{}");
            Api.Response response =
                    api.post("/v1/buses/big/events", "application/cloudevents-batch+json", batch(1001), Map.of());
            assertEquals(413, response.status());
            assertEquals("batch.too-large", response.json().get("code").asText());
            assertEquals(
                    200,
                    api.post("/v1/buses/big/events", "application/cloudevents-batch+json", batch(1000), Map.of())
                            .status());
        }
    }

    @Test
    void metricsCountAcceptedAndRejectedEventsAndTimeRequests(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/buses/counted", "{}");
            post(api, "counted", "1", "/s", "a");
            post(api, "counted", "2", "/s", "b");
            api.post("/v1/buses/counted/events", "application/json", new byte[0], Map.of("ce-id", "3"));
            api.post("/v1/buses/no-such-bus/events", "application/json", new byte[0], Map.of());

            Api.Response scraped = api.withKey(null).get("/metrics");
            assertEquals(200, scraped.status(), "metrics are open, like health");
            String text = scraped.text();
            assertTrue(text.contains("signalbox_events_accepted_total{bus=\"counted\"} 2.0"), text);
            assertTrue(
                    text.contains("signalbox_events_rejected_total{bus=\"counted\",reason=\"event.invalid\"} 1.0"),
                    text);
            assertTrue(text.contains("signalbox_events_rejected_total{bus=\"-\",reason=\"bus.not-found\"} 1.0"), text);
            assertTrue(
                    text.contains(
                            "signalbox_http_server_requests_seconds_bucket{bus=\"counted\",method=\"POST\",route=\"/v1/buses/:bus/events\",status=\"202\""),
                    text);
            assertTrue(!text.contains("no-such-bus"), "tags never carry what a client made up");
        }
    }

    @Test
    void metricsShowTheStoreWriteQueueAndEachBusRoutingBacklog(Vertx vertx, @TempDir Path dir) throws Exception {
        // The target answers nothing until released, with a 30 s delivery timeout: its attempts
        // (fewer than one target's share of the router's window) hold the router's offset.
        try (Receiver stalled = Receiver.replying(
                        vertx, n -> new Receiver.Reply(200, Receiver.Reply.UNTIL_RELEASED, Map.of()));
                TestNode node = TestNode.withRouterWindow(vertx, dir, 1024, Duration.ofSeconds(30))) {
            Api api = node.api();
            Api scraper = api.withKey(null);
            String first = scraper.get("/metrics").text();
            assertTrue(first.contains("signalbox_store_write_queue_depth "), first);
            assertTrue(first.contains("signalbox_store_write_queue_capacity 8192.0"), first);

            Posts.busWithRule(api, "backlogged", "all", "[" + Posts.webhook("stalled", stalled.url()) + "]");
            assertTrue(scraper.get("/metrics").text().contains("signalbox_bus_backlog{bus=\"backlogged\"} 0.0"));
            Posts.postMany(api, "backlogged", "a", 20);
            String twenty = scraper.get("/metrics").text();
            assertTrue(twenty.contains("signalbox_bus_backlog{bus=\"backlogged\"} 20.0"), twenty);
            Posts.postMany(api, "backlogged", "b", 30);
            String fifty = scraper.get("/metrics").text();
            assertTrue(fifty.contains("signalbox_bus_backlog{bus=\"backlogged\"} 50.0"), fifty);

            stalled.release();
            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> scraper.get("/metrics").text().contains("signalbox_bus_backlog{bus=\"backlogged\"} 0.0"),
                    () -> "the backlog back to 0 once every event is delivered");
            assertEquals(50, Posts.deliveredIds(stalled).size());

            assertEquals(204, api.delete("/v1/buses/backlogged/rules/all").status());
            assertEquals(204, api.delete("/v1/buses/backlogged").status());
            String deleted = scraper.get("/metrics").text();
            assertTrue(!deleted.contains("signalbox_bus_backlog{bus=\"backlogged\"}"), deleted);
        }
    }

    private static Api.Response post(Api api, String bus, String id, String source, String data) {
        return api.postEvent(bus, BinaryEvent.text(id, data).withSource(source).withType("t"));
    }

    private static byte[] batch(int entries) {
        StringJoiner json = new StringJoiner(",", "[", "]");
        for (int i = 0; i < entries; i++) {
            json.add("{\"specversion\":\"1.0\",\"id\":\"b" + i + "\",\"source\":\"/s\",\"type\":\"t\",\"data\":" + i
                    + "}");
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
