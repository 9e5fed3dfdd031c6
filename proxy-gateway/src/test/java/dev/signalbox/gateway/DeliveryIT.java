package dev.signalbox.gateway;

import static dev.signalbox.gateway.Posts.busWithRule;
import static dev.signalbox.gateway.Posts.deliveredIds;
import static dev.signalbox.gateway.Posts.post;
import static dev.signalbox.gateway.Posts.postMany;
import static dev.signalbox.gateway.Posts.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery through failures, against real receivers: each kind of failure ends in the right
 * retries or dead letter, with the right reason, and never holds up another target.
 */
@ExtendWith(VertxExtension.class)
class DeliveryIT {

    private static final int EVENTS = 20;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aWebhookThatAnswers503ForAWhileGetsEveryEventOnceItRecovers(Vertx vertx, @TempDir Path dir) throws Exception {
        // The first 30 requests fail; with 20 events that is more than one failure per event.
        try (Receiver flaky = Receiver.start(vertx, n -> n < 30 ? 503 : 200);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            busWithRule(api, "flaky", "all", "[" + webhook("hook", flaky.url()) + "]");
            Set<String> ids = postMany(api, "flaky", "flaky", EVENTS);

            Eventually.await(WAIT, () -> deliveredIds(flaky).equals(ids), () -> "all events after the 503s");
            assertTrue(flaky.attempts() >= 30 + EVENTS, "every 503 was retried");
            Eventually.await(WAIT, () -> node.isRouted("flaky"), () -> "the bus offset past every event");
            assertEquals(0, deadLetters(api, "flaky").size(), "nothing dead-lettered");

            JsonNode timeline = timeline(api, "flaky", "flaky-0");
            JsonNode attempts = timeline.get("attempts");
            assertEquals("all", timeline.get("matchedRules").get(0).asText());
            JsonNode last = attempts.get(attempts.size() - 1);
            assertEquals("delivered", last.get("outcome").asText());
            assertEquals(attempts.size(), last.get("attempt").asInt(), "attempts are numbered from 1");
            for (int i = 0; i < attempts.size() - 1; i++) {
                assertEquals(503, attempts.get(i).get("statusCode").asInt());
                assertEquals("retrying", attempts.get(i).get("outcome").asText());
            }
            String metrics = api.get("/metrics").text();
            assertTrue(
                    metrics.contains(
                            "signalbox_deliveries_delivered_total{bus=\"flaky\",rule=\"all\",target=\"hook\"} 20.0"),
                    metrics);
            assertTrue(
                    metrics.contains("signalbox_deliveries_retried_total{bus=\"flaky\",rule=\"all\",target=\"hook\"}"));
            assertTrue(metrics.contains("signalbox_deliveries_latency_seconds_bucket{bus=\"flaky\""));
        }
    }

    @Test
    void retryAfterIsHonouredNoAttemptComesBeforeIt(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver throttling = Receiver.replying(
                        vertx,
                        n -> n == 0 ? new Receiver.Reply(429, 0, Map.of("retry-after", "2")) : Receiver.Reply.of(200));
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            busWithRule(api, "throttled", "all", "[" + webhook("hook", throttling.url()) + "]");
            post(api, "throttled", "slow-down", "s");

            Eventually.await(WAIT, () -> throttling.delivered().size() == 1, () -> "the event after its 429");
            List<Receiver.Arrival> arrivals = throttling.arrivals();
            assertEquals(2, arrivals.size(), "one 429, then one attempt that succeeded");
            long waited = arrivals.get(1).nanos() - arrivals.get(0).nanos();
            // The node's own backoff is at most 200 ms here: only Retry-After explains 2 s.
            assertTrue(waited >= Duration.ofSeconds(2).toNanos(), "retried after only " + waited / 1_000_000 + " ms");
        }
    }

    @Test
    void goneDisablesTheTargetVisiblyUntilTheRuleIsPutAgain(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver gone = Receiver.start(vertx, n -> n < 1 ? 410 : 200);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            String targets = "[" + webhook("hook", gone.url()) + "]";
            busWithRule(api, "moved", "all", targets);
            post(api, "moved", "first", "s");

            Eventually.await(WAIT, () -> deadLetters(api, "moved").size() == 1, () -> "a dead letter for the 410");
            JsonNode letter = deadLetters(api, "moved").get(0);
            assertEquals("gone", letter.get("reason").asText());
            assertEquals(410, letter.get("lastStatus").asInt());
            assertEquals(1, letter.get("attempts").asInt());
            JsonNode target =
                    api.get("/v1/buses/moved/rules/all").json().get("targets").get(0);
            assertEquals("disabled", target.get("state").asText());
            assertTrue(target.get("disabledReason").asText().startsWith("410 Gone at "), target.toString());

            // A disabled target gets nothing: the next event goes straight to the dead letters.
            post(api, "moved", "second", "s");
            Eventually.await(WAIT, () -> deadLetters(api, "moved").size() == 2, () -> "a second dead letter");
            assertEquals(1, gone.attempts(), "no request reaches a disabled target");
            assertEquals(0, deadLetters(api, "moved").get(1).get("attempts").asInt());

            Posts.putRule(api, "moved", "all", targets, 200);
            assertEquals(
                    "enabled",
                    api.get("/v1/buses/moved/rules/all")
                            .json()
                            .get("targets")
                            .get(0)
                            .get("state")
                            .asText());
            post(api, "moved", "third", "s");
            Eventually.await(WAIT, () -> deliveredIds(gone).contains("third"), () -> "delivery after re-enabling");
        }
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsRetriedWhileTheHealthyTargetIsServed(Vertx vertx, @TempDir Path dir)
            throws Exception {
        // The node's delivery timeout is 2 s; the first two requests take 3 s.
        try (Receiver slow = Receiver.replying(
                        vertx, n -> n < 2 ? new Receiver.Reply(200, 3000, Map.of()) : Receiver.Reply.of(200));
                Receiver healthy = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            busWithRule(
                    api, "slow", "both", "[" + webhook("slow", slow.url()) + ", " + webhook("ok", healthy.url()) + "]");
            Set<String> ids = postMany(api, "slow", "slow", 5);

            Eventually.await(WAIT, () -> deliveredIds(healthy).equals(ids), () -> "the healthy target's events");
            Eventually.await(
                    WAIT,
                    () -> slow.arrivals().stream()
                            .map(Receiver.Arrival::ceId)
                            .collect(java.util.stream.Collectors.toSet())
                            .containsAll(ids),
                    () -> "every event at the slow target");
            long firstTimeout =
                    slow.arrivals().get(0).nanos() + Duration.ofSeconds(2).toNanos();
            for (Receiver.Arrival arrival : healthy.arrivals()) {
                assertTrue(arrival.nanos() < firstTimeout, "the healthy target waited for the slow one's timeout");
            }
            Eventually.await(
                    WAIT, () -> timeline(api, "slow", "slow-0").get("attempts").size() >= 2, () -> "timeline");
            JsonNode timedOut = timeline(api, "slow", "slow-0").get("attempts");
            boolean sawTimeout = false;
            for (JsonNode attempt : timedOut) {
                sawTimeout |= attempt.get("target").asText().equals("slow")
                        && attempt.get("statusCode").asInt() == 0
                        && attempt.get("outcome").asText().equals("retrying");
            }
            assertTrue(sawTimeout, "a timed-out attempt, retried: " + timedOut);
            assertEquals(0, deadLetters(api, "slow").size());
        }
    }

    @Test
    void aSlowTargetBeyondItsShareOfTheWindowIsServedThroughTheRetryTopic(Vertx vertx, @TempDir Path dir)
            throws Exception {
        // A window of 16 events, so a target may have 2 attempts under way and 2 more waiting,
        // and a 30 s timeout. The slow target answers nothing until the test releases it: without
        // the spill to the retry topic its attempts would hold the window until they time out,
        // and the healthy target would get at most 16 events before that.
        try (Receiver slow = Receiver.replying(
                        vertx, n -> new Receiver.Reply(200, Receiver.Reply.UNTIL_RELEASED, Map.of()));
                Receiver healthy = Receiver.accepting(vertx);
                TestNode node = TestNode.withRouterWindow(vertx, dir, 16, Duration.ofSeconds(30))) {
            Api api = node.api();
            Posts.busWithRule(
                    api,
                    "spill",
                    "both",
                    "[" + webhook("slow", slow.url()) + ", " + webhook("ok", healthy.url()) + "]");
            // One batch, so that every event is stored before the first delivery.
            List<com.fasterxml.jackson.databind.node.ObjectNode> batch = new ArrayList<>();
            Set<String> ids = new java.util.TreeSet<>();
            for (int i = 0; i < EVENTS; i++) {
                batch.add(Posts.structured("spill-" + i, "s", "x"));
                ids.add("spill-" + i);
            }
            long posted = System.nanoTime();
            Posts.postBatch(api, "spill", batch);

            Eventually.await(WAIT, () -> deliveredIds(healthy).equals(ids), () -> "the healthy target's events");
            assertTrue(
                    System.nanoTime() - posted < Duration.ofSeconds(30).toNanos(),
                    "served before any slow attempt could time out");
            assertEquals(2, slow.attempts(), "the slow target has its share of attempts under way, no more");
            slow.release();
            Eventually.await(Duration.ofSeconds(60), () -> deliveredIds(slow).equals(ids), () -> "every slow delivery");
            assertEquals(EVENTS, slow.attempts(), "a delivery passed through the retry topic is not an attempt more");
            assertEquals(0, deadLetters(api, "spill").size());
        }
    }

    @Test
    void deliveriesTheTargetsOwnLimitsHoldBackAreDeferredNotCountedAsAttempts(Vertx vertx, @TempDir Path dir)
            throws Exception {
        // One delivery at a time, no queue, and no retries at all: every event but the one in
        // flight is held back by the target's limit, and must still arrive.
        try (Receiver slowish = Receiver.replying(vertx, n -> new Receiver.Reply(200, 100, Map.of()));
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            String limited = "{\"id\": \"one-at-a-time\", \"type\": \"webhook\", \"url\": \"" + slowish.url()
                    + "\", \"limits\": {\"concurrency\": 1, \"queue\": 0}, \"retryPolicy\": {\"maxAttempts\": 0}}";
            busWithRule(api, "limited", "all", "[" + limited + "]");
            List<com.fasterxml.jackson.databind.node.ObjectNode> batch = new ArrayList<>();
            Set<String> ids = new java.util.TreeSet<>();
            for (int i = 0; i < 5; i++) {
                batch.add(Posts.structured("lim-" + i, "s", "x"));
                ids.add("lim-" + i);
            }
            Posts.postBatch(api, "limited", batch);

            Eventually.await(WAIT, () -> deliveredIds(slowish).equals(ids), () -> "every event, one at a time");
            assertEquals(5, slowish.attempts(), "nothing held back reached the receiver");
            assertEquals(0, deadLetters(api, "limited").size(), "deferrals are not attempts");
            boolean sawDeferral = false;
            for (String id : ids) {
                for (JsonNode attempt : timeline(api, "limited", id).get("attempts")) {
                    sawDeferral |= attempt.get("outcome").asText().equals("deferred");
                }
            }
            assertTrue(sawDeferral, "the timeline shows the deferrals");
        }
    }

    @Test
    void refusedConnectionsEndInDeadLettersWithoutDelayingTheHealthyTarget(Vertx vertx, @TempDir Path dir)
            throws Exception {
        HttpServer closed = vertx.createHttpServer()
                .requestHandler(r -> {})
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        int deadPort = closed.actualPort();
        closed.close().await(10, TimeUnit.SECONDS);
        try (Receiver healthy = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            String dead = "{\"id\": \"dead\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:" + deadPort
                    + "/hook\", \"retryPolicy\": {\"maxAttempts\": 3}}";
            busWithRule(api, "fanout", "both", "[" + dead + ", " + webhook("healthy", healthy.url()) + "]");
            Set<String> ids = postMany(api, "fanout", "fanout", EVENTS);

            Eventually.await(WAIT, () -> deliveredIds(healthy).equals(ids), () -> "the healthy target's events");
            assertEquals(EVENTS, healthy.delivered().size(), "each once");
            Eventually.await(WAIT, () -> deadLetters(api, "fanout").size() == EVENTS, () -> "a dead letter each");
            for (JsonNode letter : deadLetters(api, "fanout")) {
                assertEquals("maxAttempts", letter.get("reason").asText());
                assertEquals("dead", letter.get("target").asText());
                assertEquals(4, letter.get("attempts").asInt(), "the first attempt and 3 retries");
                assertEquals(0, letter.get("lastStatus").asInt(), "no response came back");
                assertTrue(letter.get("lastError").asText().toLowerCase().contains("connect"), letter.toString());
            }
            assertTrue(node.isRouted("fanout"));
        }
    }

    @Test
    void aRejectingWebhookIsDeadLetteredAtOnceUnlessItsStatusIsListedAsRetryable(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (Receiver rejecting = Receiver.start(vertx, n -> 400);
                Receiver deploying = Receiver.start(vertx, n -> n < 3 ? 404 : 200);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            String lenient = "{\"id\": \"lenient\", \"type\": \"webhook\", \"url\": \"" + deploying.url()
                    + "\", \"retryPolicy\": {\"retryableStatuses\": [404]}}";
            busWithRule(api, "picky", "all", "[" + webhook("strict", rejecting.url()) + ", " + lenient + "]");
            Set<String> ids = postMany(api, "picky", "picky", 5);

            Eventually.await(WAIT, () -> deadLetters(api, "picky").size() == 5, () -> "a dead letter per event");
            assertEquals(5, rejecting.attempts(), "one attempt per event: a 400 will not change");
            for (JsonNode letter : deadLetters(api, "picky")) {
                assertEquals("rejected", letter.get("reason").asText());
                assertEquals(400, letter.get("lastStatus").asInt());
            }
            Eventually.await(WAIT, () -> deliveredIds(deploying).equals(ids), () -> "404s retried, then delivered");
            JsonNode rule = api.get("/v1/buses/picky/rules/all").json();
            assertEquals(
                    404,
                    rule.get("targets")
                            .get(1)
                            .get("retryPolicy")
                            .get("retryableStatuses")
                            .get(0)
                            .asInt());
        }
    }

    static List<JsonNode> deadLetters(Api api, String bus) {
        Api.Response response = api.get("/v1/buses/" + bus + "/dead-letters");
        assertEquals(200, response.status(), response.text());
        List<JsonNode> letters = new ArrayList<>();
        response.json().get("deadLetters").forEach(letters::add);
        return letters;
    }

    static JsonNode timeline(Api api, String bus, String eventId) {
        Api.Response response = api.get("/v1/buses/" + bus + "/events/" + eventId + "/deliveries");
        assertEquals(200, response.status(), response.text());
        return response.json();
    }
}
