package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transform whose output would be larger than the bus's largest event (a one-line JSONata
 * expression can build tens of MB; a template can repeat the whole event) is not delivered: the
 * delivery goes to the dead letters, reason {@code rejected}, with the bound in its error, and the
 * node goes on delivering the same rule's other targets and later events.
 */
@ExtendWith(VertxExtension.class)
class TransformSizeIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anOutputOverTheBusEventSizeIsADeadLetterNotADelivery(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir);
                Receiver ok = Receiver.accepting(vertx);
                Receiver huge = Receiver.accepting(vertx);
                Receiver copies = Receiver.accepting(vertx)) {
            Api api = node.api();
            assertEquals(
                    201,
                    api.put("/v1/buses/big", "{\"limits\": {\"maxEventBytes\": 65536}}")
                            .status());
            String rule =
                    """
                    {"pattern": {"type": ["test.event"]},
                     "targets": [
                       {"id": "ok", "type": "webhook", "url": "%s", "transform": {"jsonata": "$length(data.text)"}},
                       {"id": "huge", "type": "webhook", "url": "%s",
                        "transform": {"jsonata": "$reduce([1..24], function($a, $i) { $a & $a }, 'abc')"}},
                       {"id": "copies", "type": "webhook", "url": "%s",
                        "transform": {"inputTransformer": {"inputTemplate": "[%s<signalbox.event>]"}}}]}"""
                            .formatted(ok.url(), huge.url(), copies.url(), "<signalbox.event>, ".repeat(99));
            Api.Response created = api.put("/v1/buses/big/rules/r", rule);
            assertEquals(201, created.status(), created.text());

            post(api, "e-1");
            Eventually.await(WAIT, () -> deadLetters(api).size() == 2, () -> "two dead letters");
            Eventually.await(WAIT, () -> node.isRouted("big"), () -> "routing to finish");
            assertEquals(List.of("1000"), bodies(ok), "the same rule's other target is delivered");

            for (JsonNode listed : deadLetters(api)) {
                JsonNode event = api.get(
                                "/v1/buses/big/dead-letters/" + listed.get("id").asText())
                        .json()
                        .get("event");
                assertEquals("e-1", event.get("id").asText());
                assertEquals("rejected", event.get("dlreason").asText());
                String error = event.get("dlerror").asText();
                assertTrue(
                        error.contains(
                                "over the 65536 bytes a delivery on this bus may carry (its limits.maxEventBytes)"),
                        error);
                if (event.get("dltarget").asText().equals("huge")) {
                    assertTrue(error.contains("a string of"), "stopped at the step that built it: " + error);
                } else {
                    assertEquals("copies", event.get("dltarget").asText());
                    assertTrue(error.contains("the filled template passes 65536 characters"), error);
                }
            }
            assertEquals(0, huge.attempts(), "nothing of it reached the receiver");
            assertEquals(0, copies.attempts());

            assertEquals(200, api.withKey(null).get("/health").status());
            post(api, "e-2");
            Eventually.await(WAIT, () -> ok.attempts() == 2, () -> "the next event delivered");
            Eventually.await(WAIT, () -> deadLetters(api).size() == 4, () -> "its two dead letters");
        }
    }

    private static void post(Api api, String id) {
        Api.Response response = api.postJsonEvent("big", id, "{\"text\": \"" + "x".repeat(1000) + "\"}");
        assertEquals(202, response.status(), response.text());
    }

    private static List<JsonNode> deadLetters(Api api) {
        return DeliveryIT.deadLetters(api, "big");
    }

    private static List<String> bodies(Receiver receiver) {
        List<String> bodies = new ArrayList<>();
        receiver.delivered().forEach(r -> bodies.add(new String(r.body(), StandardCharsets.UTF_8)));
        return bodies;
    }
}
