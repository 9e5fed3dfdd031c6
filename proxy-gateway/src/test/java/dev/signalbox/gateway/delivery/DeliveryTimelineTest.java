package dev.signalbox.gateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timeline records written in one event-loop turn go to the store as one batch: against a real
 * store, nothing written is lost, each event finds only its own records, and they come back in
 * the order written, also when written from outside Vert.x and from two contexts at once.
 */
@ExtendWith(VertxExtension.class)
class DeliveryTimelineTest {

    private static final BusTopics TOPICS = BusTopics.of("orders");

    @Test
    void recordsWrittenInOneTurnAreAllStoredInOrder(Vertx vertx, @TempDir Path dir) throws Exception {
        try (MessageStore raw =
                MessageStore.open(StoreConfig.builder(dir).segmentBytes(1 << 20).build())) {
            DeliveryTimeline timeline = new DeliveryTimeline(new VertxMessageStore(vertx, raw));
            int perEvent = 150;
            // Two contexts each write their attempts in one turn, interleaving two events.
            for (String writer : new String[] {"a", "b"}) {
                vertx.getOrCreateContext().runOnContext(v -> {
                    for (int i = 1; i <= perEvent; i++) {
                        timeline.attempted(TOPICS, "e1", "/src", attempt("rule-" + writer, i));
                        timeline.attempted(TOPICS, "e2", "/src", attempt("rule-" + writer, i));
                    }
                });
            }
            // And one from a thread that is no Vert.x context: written at once.
            timeline.attempted(TOPICS, "e3", "/src", attempt("rule-c", 1));

            for (String event : new String[] {"e1", "e2"}) {
                ObjectNode answer = await(() -> of(timeline, event)
                        .filter(t -> t.get("attempts").size() == 2 * perEvent)
                        .orElse(null));
                int lastA = 0;
                int lastB = 0;
                for (JsonNode entry : answer.get("attempts")) {
                    int n = entry.get("attempt").asInt();
                    if (entry.get("rule").asText().equals("rule-a")) {
                        assertEquals(lastA + 1, n, "rule-a's attempts in the order written");
                        lastA = n;
                    } else {
                        assertEquals(lastB + 1, n, "rule-b's attempts in the order written");
                        lastB = n;
                    }
                }
                assertEquals(perEvent, lastA);
                assertEquals(perEvent, lastB);
            }
            ObjectNode third = await(() -> of(timeline, "e3").orElse(null));
            assertEquals(1, third.get("attempts").size());
            assertTrue(third.get("matchedRules").toString().contains("rule-c"));
        }
    }

    private static DeliveryTimeline.Attempt attempt(String rule, int n) {
        return new DeliveryTimeline.Attempt(rule, "hook", n, Instant.now(), 200, 1, "", "delivered", Optional.empty());
    }

    private static Optional<ObjectNode> of(DeliveryTimeline timeline, String event) {
        return timeline.of(TOPICS, event, Optional.empty())
                .toCompletionStage()
                .toCompletableFuture()
                .join();
    }

    private static <T> T await(Supplier<T> value) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            T got = value.get();
            if (got != null) {
                return got;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
