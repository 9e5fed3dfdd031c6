package dev.signalbox.gateway;

import static dev.signalbox.gateway.DeliveryIT.deadLetters;
import static dev.signalbox.gateway.Posts.deliveredIds;
import static dev.signalbox.gateway.Posts.post;
import static dev.signalbox.gateway.Posts.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters listed, paged, filtered and fetched with their event, then redriven (one by id,
 * some by filter, then all) and delivered; a redriven dead letter leaves the list, across a
 * restart too.
 */
@ExtendWith(VertxExtension.class)
class DeadLetterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void deadLettersAreListedFetchedAndRedrivenToTheirTargets(Vertx vertx, @TempDir Path dir) throws Exception {
        AtomicBoolean accepting = new AtomicBoolean();
        try (Receiver a = Receiver.start(vertx, n -> accepting.get() ? 200 : 400);
                Receiver b = Receiver.start(vertx, n -> accepting.get() ? 200 : 422)) {
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                Posts.busWithRule(api, "dlq", "first", "[" + webhook("a", a.url()) + "]");
                Posts.putRule(api, "dlq", "second", "[" + webhook("b", b.url()) + "]", 201);
                for (int i = 0; i < 6; i++) {
                    post(api, "dlq", "e" + i, "s");
                }
                Eventually.await(WAIT, () -> deadLetters(api, "dlq").size() == 12, () -> "two dead letters per event");

                // Paged: five at a time, in order, until there is no next.
                List<String> paged = new ArrayList<>();
                String after = null;
                do {
                    JsonNode page = api.get(
                                    "/v1/buses/dlq/dead-letters?limit=5" + (after == null ? "" : "&after=" + after))
                            .json();
                    page.get("deadLetters").forEach(l -> paged.add(l.get("id").asText()));
                    after = page.has("next") ? page.get("next").asText() : null;
                } while (after != null);
                assertEquals(12, new TreeSet<>(paged).size());

                JsonNode onlyB = api.get("/v1/buses/dlq/dead-letters?rule=second&target=b&reason=rejected")
                        .json();
                assertEquals(6, onlyB.get("deadLetters").size());
                assertEquals(
                        0,
                        api.get("/v1/buses/dlq/dead-letters?reason=gone")
                                .json()
                                .get("deadLetters")
                                .size());

                JsonNode listed = onlyB.get("deadLetters").get(0);
                JsonNode fetched = api.get(
                                "/v1/buses/dlq/dead-letters/" + listed.get("id").asText())
                        .json();
                assertEquals(422, fetched.get("lastStatus").asInt());
                JsonNode event = fetched.get("event");
                assertEquals(listed.get("eventId").asText(), event.get("id").asText());
                assertEquals("second", event.get("dlrule").asText());
                assertEquals("b", event.get("dltarget").asText());
                assertEquals("rejected", event.get("dlreason").asText());
                assertEquals(422, event.get("dlstatus").asInt());
                assertEquals(1, event.get("dlattempts").asInt());
                assertTrue(event.has("dlfirstattempt") && event.has("dllastattempt"));
                assertEquals(
                        "payload of " + event.get("id").asText(),
                        event.get("data").asText());

                JsonNode timeline = DeliveryIT.timeline(api, "dlq", "e0");
                assertEquals(Set.of("first", "second"), names(timeline.get("matchedRules")));
                assertEquals(2, timeline.get("deadLetters").size());

                accepting.set(true);
                // One, by id.
                String one = listed.get("id").asText();
                JsonNode answer = redrive(api, "{\"ids\": [\"" + one + "\", \"999999\"]}");
                assertEquals(1, answer.get("redrivenCount").asInt());
                assertEquals("999999", answer.get("notFound").get(0).asText());
                String redrivenEvent = listed.get("eventId").asText();
                Eventually.await(WAIT, () -> deliveredIds(b).equals(Set.of(redrivenEvent)), () -> "the redriven one");
                assertEquals(11, deadLetters(api, "dlq").size(), "a redriven dead letter leaves the list");
                assertEquals(404, api.get("/v1/buses/dlq/dead-letters/" + one).status());
            }
            // After a restart the redriven one is still off the list.
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                assertEquals(11, deadLetters(api, "dlq").size());
                // Some, by filter.
                JsonNode answer = redrive(api, "{\"filter\": {\"rule\": \"second\"}}");
                assertEquals(5, answer.get("redrivenCount").asInt());
                Eventually.await(WAIT, () -> deliveredIds(b).size() == 6, () -> "all of rule second's events at b");
                assertEquals(6, deadLetters(api, "dlq").size());
                assertTrue(deadLetters(api, "dlq").stream()
                        .allMatch(l -> l.get("rule").asText().equals("first")));
                // Then all.
                assertEquals(
                        6, redrive(api, "{\"all\": true}").get("redrivenCount").asInt());
                Eventually.await(WAIT, () -> deliveredIds(a).size() == 6, () -> "all of rule first's events at a");
                Eventually.await(WAIT, () -> deadLetters(api, "dlq").isEmpty(), () -> "an empty list");
                JsonNode timeline = DeliveryIT.timeline(api, "dlq", "e0");
                JsonNode last =
                        timeline.get("attempts").get(timeline.get("attempts").size() - 1);
                assertEquals("delivered", last.get("outcome").asText());
            }
        }
    }

    @Test
    void badRedrivesAndUnknownDeadLettersAreProblems(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/empty", "{}").status());
            Api.Response both = api.post(
                    "/v1/buses/empty/dead-letters/redrive",
                    "application/json",
                    "{\"ids\": [\"1\"], \"all\": true}".getBytes(),
                    java.util.Map.of());
            assertEquals(400, both.status());
            assertEquals("request.invalid", both.json().get("code").asText());
            Api.Response reason = api.get("/v1/buses/empty/dead-letters?reason=tired");
            assertEquals(400, reason.status());
            assertEquals(
                    "/reason", reason.json().get("errors").get(0).get("pointer").asText());
            Api.Response badFilter = api.post(
                    "/v1/buses/empty/dead-letters/redrive",
                    "application/json",
                    "{\"filter\": {\"reason\": 3}}".getBytes(),
                    java.util.Map.of());
            assertEquals(
                    "/filter/reason",
                    badFilter.json().get("errors").get(0).get("pointer").asText());
            Api.Response missing = api.get("/v1/buses/empty/dead-letters/12");
            assertEquals(404, missing.status());
            assertEquals("dead-letter.not-found", missing.json().get("code").asText());
            assertEquals(404, api.get("/v1/buses/nobus/dead-letters").status());
            assertEquals(
                    404, api.get("/v1/buses/empty/events/nothing/deliveries").status());
            assertFalse(api.get("/v1/buses/empty/dead-letters").json().has("next"));

            String badTarget = "[{\"id\": \"t\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/\","
                    + " \"ordering\": {\"key\": \"Not A Key\"}, \"deadLetter\": {\"mode\": \"queue\"},"
                    + " \"retryPolicy\": {\"retryableStatuses\": [410, 404]}}]";
            Api.Response badRule = api.put(
                    "/v1/buses/empty/rules/r", "{\"pattern\": {\"type\": [\"t\"]}, \"targets\": " + badTarget + "}");
            assertEquals(400, badRule.status());
            Set<String> pointers = new TreeSet<>();
            badRule.json()
                    .get("errors")
                    .forEach(e -> pointers.add(e.get("pointer").asText()));
            assertEquals(
                    Set.of(
                            "/targets/0/ordering/key",
                            "/targets/0/deadLetter/mode",
                            "/targets/0/retryPolicy/retryableStatuses/0"),
                    pointers);
        }
    }

    private static JsonNode redrive(Api api, String body) {
        Api.Response response =
                api.post("/v1/buses/dlq/dead-letters/redrive", "application/json", body.getBytes(), java.util.Map.of());
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new TreeSet<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
