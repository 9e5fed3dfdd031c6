package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target ordered by {@code subject} gets 10,000 events over 100 keys from a receiver that
 * fails about one request in five: every event arrives, and each key's accepted deliveries are
 * strictly in the order the events were posted (a failed one blocks its key until it is
 * delivered).
 */
@ExtendWith(VertxExtension.class)
class OrderingIT {

    private static final int EVENTS = 10_000;
    private static final int KEYS = 100;
    private static final int BATCH = 500;

    @Test
    void eachKeysEventsArriveInOrderThroughRandomFailures(Vertx vertx, @TempDir Path dir) throws Exception {
        Random random = new Random(42);
        // The receiver answers on one event loop, so the shared Random is used by one thread.
        try (Receiver flaky = Receiver.start(vertx, n -> random.nextInt(100) < 20 ? 503 : 200);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            String ordered = "{\"id\": \"ordered\", \"type\": \"webhook\", \"url\": \"" + flaky.url()
                    + "\", \"ordering\": {\"key\": \"subject\"}}";
            Posts.busWithRule(api, "orders", "all", "[" + ordered + "]");
            assertEquals(
                    "subject",
                    api.get("/v1/buses/orders/rules/all")
                            .json()
                            .get("targets")
                            .get(0)
                            .get("ordering")
                            .get("key")
                            .asText());

            List<ObjectNode> batch = new ArrayList<>();
            for (int seq = 0; seq < EVENTS; seq++) {
                batch.add(Posts.structured("o-" + seq, "k" + (seq % KEYS), "n" + seq));
                if (batch.size() == BATCH) {
                    Posts.postBatch(api, "orders", batch);
                    batch.clear();
                }
            }

            Eventually.await(
                    Duration.ofMinutes(3),
                    () -> flaky.delivered().size() >= EVENTS,
                    () -> flaky.delivered().size() + " of " + EVENTS + " delivered");
            Map<String, List<Integer>> byKey = new HashMap<>();
            for (Receiver.Request request : flaky.delivered()) {
                String id = BinaryMode.decode(request.header("ce-id"));
                String key = BinaryMode.decode(request.header("ce-subject"));
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.parseInt(id.substring(2)));
            }
            assertEquals(KEYS, byKey.size());
            for (Map.Entry<String, List<Integer>> key : byKey.entrySet()) {
                List<Integer> seqs = key.getValue();
                assertEquals(EVENTS / KEYS, seqs.size(), key.getKey() + " got each of its events once: " + seqs);
                for (int i = 1; i < seqs.size(); i++) {
                    assertTrue(seqs.get(i - 1) < seqs.get(i), key.getKey() + " out of order: " + seqs);
                }
            }
            int failures = flaky.attempts() - EVENTS;
            assertTrue(failures > EVENTS / 10, "the receiver failed " + failures + " requests");
            assertEquals(0, DeliveryIT.deadLetters(api, "orders").size());
        }
    }

    @Test
    void aDeadLetteredEventUnblocksItsKeyAndCanBeRedriven(Vertx vertx, @TempDir Path dir) throws Exception {
        AtomicBoolean rejecting = new AtomicBoolean(true);
        // x-1 is refused (400, not retried) while rejecting holds; everything else is accepted.
        try (Receiver receiver = Receiver.replying(
                        vertx, (n, id) -> Receiver.Reply.of(rejecting.get() && "x-1".equals(id) ? 400 : 200));
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            String ordered = "{\"id\": \"ordered\", \"type\": \"webhook\", \"url\": \"" + receiver.url()
                    + "\", \"ordering\": {\"key\": \"$.data.customer\"}}";
            Posts.busWithRule(api, "keyed", "all", "[" + ordered + "]");
            List<ObjectNode> events = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                events.add(Api.JSON
                        .createObjectNode()
                        .put("specversion", "1.0")
                        .put("id", "x-" + i)
                        .put("source", "/test")
                        .put("type", "test.event")
                        .put("datacontenttype", "application/json")
                        .set("data", Api.JSON.createObjectNode().put("customer", "c-1")));
            }
            Posts.postBatch(api, "keyed", events);

            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> Posts.deliveredInOrder(receiver).size() == 3,
                    () -> "the key moves on past the dead letter: " + Posts.deliveredInOrder(receiver));
            assertEquals(List.of("x-0", "x-2", "x-3"), Posts.deliveredInOrder(receiver));
            List<com.fasterxml.jackson.databind.JsonNode> letters = DeliveryIT.deadLetters(api, "keyed");
            assertEquals(1, letters.size());
            assertEquals("x-1", letters.get(0).get("eventId").asText());

            rejecting.set(false);
            Api.Response redriven = api.post(
                    "/v1/buses/keyed/dead-letters/redrive",
                    "application/json",
                    "{\"all\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Map.of());
            assertEquals(200, redriven.status(), redriven.text());
            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> Posts.deliveredInOrder(receiver).size() == 4,
                    () -> "the redriven event, behind its key");
            assertEquals("x-1", Posts.deliveredInOrder(receiver).get(3));
        }
    }
}
