package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
                // Every event failed at least twice at the plain target: its retries are under way.
                Eventually.await(
                        Duration.ofSeconds(60),
                        () -> plain.attempts() >= 3 * EVENTS && ordered.attempts() >= 20,
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
                // not the event routed afresh.
                JsonNode attempts = DeliveryIT.timeline(api, "retrying", "r-0").get("attempts");
                JsonNode delivered = null;
                for (JsonNode attempt : attempts) {
                    if (attempt.get("target").asText().equals("plain")
                            && attempt.get("outcome").asText().equals("delivered")) {
                        delivered = attempt;
                    }
                }
                assertTrue(delivered != null && delivered.get("attempt").asInt() >= 3, attempts.toString());
                assertEquals(0, DeliveryIT.deadLetters(api, "retrying").size());
            }
        }
    }
}
