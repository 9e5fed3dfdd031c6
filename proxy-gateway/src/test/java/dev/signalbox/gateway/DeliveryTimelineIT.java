package dev.signalbox.gateway;

import static dev.signalbox.gateway.Posts.busWithRule;
import static dev.signalbox.gateway.Posts.post;
import static dev.signalbox.gateway.Posts.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery timeline lists attempts oldest first by the time they started, not in the order
 * they ended: a slow target's first attempt comes before a fast target's retry that started
 * later but ended sooner.
 */
@ExtendWith(VertxExtension.class)
class DeliveryTimelineIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void attemptsAreListedByStartTime(Vertx vertx, @TempDir Path dir) throws Exception {
        // A long delivery timeout: the slow receiver holds its answer until the test lets go.
        try (TestNode node = TestNode.withRouterWindow(vertx, dir, 1024, WAIT);
                Receiver slow = Receiver.replying(
                        vertx, n -> new Receiver.Reply(200, Receiver.Reply.UNTIL_RELEASED, java.util.Map.of()));
                Receiver fast = Receiver.start(vertx, n -> n == 0 ? 503 : 200)) {
            Api api = node.api();
            busWithRule(api, "tl", "fan", "[" + webhook("slow", slow.url()) + ", " + webhook("fast", fast.url()) + "]");
            post(api, "tl", "e1", "s");

            // The fast target failed, was retried and delivered while the slow one still waits.
            Eventually.await(WAIT, () -> attempts(api).size() == 2, () -> "fast's two attempts: " + attempts(api));
            assertEquals(1, slow.attempts(), "the slow target's attempt is under way");
            slow.release();
            Eventually.await(WAIT, () -> attempts(api).size() == 3, () -> "three attempts: " + attempts(api));

            List<JsonNode> attempts = attempts(api);
            List<String> order = new ArrayList<>();
            attempts.forEach(a ->
                    order.add(a.get("target").asText() + "#" + a.get("attempt").asInt()));
            assertTrue(
                    order.indexOf("slow#1") < order.indexOf("fast#2"),
                    "slow#1 started before fast's retry, so it is listed first: " + order);
            assertTrue(order.indexOf("fast#1") < order.indexOf("fast#2"), "a target's attempts in order: " + order);
            for (int i = 1; i < attempts.size(); i++) {
                Instant before = Instant.parse(attempts.get(i - 1).get("at").asText());
                Instant after = Instant.parse(attempts.get(i).get("at").asText());
                assertTrue(!after.isBefore(before), "oldest first by start time: " + attempts);
            }
            assertEquals(
                    "delivered",
                    attempts.get(order.indexOf("slow#1")).get("outcome").asText());
        }
    }

    private static List<JsonNode> attempts(Api api) {
        List<JsonNode> attempts = new ArrayList<>();
        Api.Response response = api.get("/v1/buses/tl/events/e1/deliveries");
        if (response.status() == 200) {
            response.json().path("attempts").forEach(attempts::add);
        }
        return attempts;
    }
}
