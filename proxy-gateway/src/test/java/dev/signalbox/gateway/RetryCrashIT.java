package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node is killed with SIGKILL while it is retrying deliveries to two failing receivers (one
 * plain target, one ordered by subject). After a restart on the same data directory the retries
 * resume from the retry topic and the ordered lanes, and every event reaches both targets.
 */
@ExtendWith(VertxExtension.class)
class RetryCrashIT {

    private static final int EVENTS = 100;

    @Test
    void retriesResumeAfterKillNineAndNothingIsLost(Vertx vertx, @TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        AtomicBoolean failing = new AtomicBoolean(true);
        try (Receiver plain = Receiver.start(vertx, n -> failing.get() ? 503 : 200);
                Receiver ordered = Receiver.start(vertx, n -> failing.get() ? 503 : 200)) {
            Set<String> ids;
            ChildNode first = ChildNode.start(data, tmp, "first");
            try {
                Api api = first.api();
                String targets = "[" + Posts.webhook("plain", plain.url()) + ", {\"id\": \"ordered\", \"type\":"
                        + " \"webhook\", \"url\": \"" + ordered.url() + "\", \"ordering\": {\"key\": \"subject\"}}]";
                Posts.busWithRule(api, "retrying", "all", targets);
                ids = Posts.postMany(api, "retrying", "r", EVENTS);
                // Every event has reached the plain target a third time: the node sends a third
                // attempt only from the retry record it appended after the second failed, so that
                // record was in the store before the kill (a count over all events, as this once
                // was, let a slow event be caught before its second failure was recorded).
                Set<String> pending = ids;
                Eventually.await(
                        Duration.ofSeconds(60),
                        () -> everyIdArrived(plain, pending, 3) && ordered.attempts() >= 20,
                        () -> "retries under way: " + plain.attempts() + " / " + ordered.attempts());
            } finally {
                first.kill();
            }
            int attemptsBeforeKill = plain.attempts();
            failing.set(false);

            try (ChildNode second = ChildNode.start(data, tmp, "second")) {
                Api api = second.api();
                Eventually.await(
                        Duration.ofSeconds(60),
                        () -> Posts.deliveredIds(plain).equals(ids)
                                && Posts.deliveredIds(ordered).equals(ids),
                        () -> "every event at both targets after the restart: plain "
                                + Posts.deliveredIds(plain).size() + ", ordered "
                                + Posts.deliveredIds(ordered).size() + "\n" + second.output());
                assertTrue(plain.attempts() > attemptsBeforeKill);
                // The delivered attempt continues the count from before the kill: a resumed retry,
                // not the event routed afresh. The node records an outcome after the receiver has
                // answered, so the receiver holding the event does not mean the timeline has it yet.
                Eventually.await(
                        Duration.ofSeconds(60),
                        () -> deliveredAttempt(api).isPresent(),
                        () -> "the delivery of r-0 in its timeline: " + DeliveryIT.timeline(api, "retrying", "r-0"));
                JsonNode delivered = deliveredAttempt(api).orElseThrow();
                assertTrue(
                        delivered.get("attempt").asInt() >= 3,
                        DeliveryIT.timeline(api, "retrying", "r-0").toString());
                assertEquals(0, DeliveryIT.deadLetters(api, "retrying").size());
            }
        }
    }

    /** Whether each of {@code ids} has reached {@code receiver} at least {@code times} times. */
    private static boolean everyIdArrived(Receiver receiver, Set<String> ids, int times) {
        Map<String, Integer> arrived = new HashMap<>();
        receiver.arrivals().stream()
                .filter(a -> a.ceId() != null)
                .forEach(a -> arrived.merge(BinaryMode.decode(a.ceId()), 1, Integer::sum));
        return ids.stream().allMatch(id -> arrived.getOrDefault(id, 0) >= times);
    }

    /** The plain target's delivered attempt of r-0 in the node's timeline, once it is there. */
    private static Optional<JsonNode> deliveredAttempt(Api api) {
        for (JsonNode attempt : DeliveryIT.timeline(api, "retrying", "r-0").get("attempts")) {
            if (attempt.get("target").asText().equals("plain")
                    && attempt.get("outcome").asText().equals("delivered")) {
                return Optional.of(attempt);
            }
        }
        return Optional.empty();
    }
}
