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
}
