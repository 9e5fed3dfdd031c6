package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binary mode stores data as posted, without parsing it. Data that claims JSON but cannot be read
 * as JSON (not JSON, or nested past the 1,000 levels a document may nest) has no {@code data} in
 * the view transforms read, so a transform that reads data used to deliver {@code null} and the
 * timeline said delivered. Now such a delivery is a dead letter, reason {@code rejected}, saying why
 * the data could not be read, with no request made; targets without a transform still receive the
 * producer's bytes, and transforms that read only attributes still deliver.
 */
@ExtendWith(VertxExtension.class)
class UnreadableDataIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DEEP = "{\"c\": ".repeat(1000) + "{}" + "}".repeat(1000);
    private static final String BROKEN = "{\"c\": broken}";

    @Test
    void aTransformThatReadsUnreadableDataDeadLettersInsteadOfDeliveringNull(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.start(vertx, dir);
                Receiver whole = Receiver.accepting(vertx);
                Receiver attributes = Receiver.accepting(vertx);
                Receiver path = Receiver.accepting(vertx);
                Receiver template = Receiver.accepting(vertx);
                Receiver jsonata = Receiver.accepting(vertx)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/raw", "{}").status());
            String rule =
                    """
                    {"pattern": {"type": ["test.event"]},
                     "targets": [
                       {"id": "whole", "type": "webhook", "url": "%s"},
                       {"id": "attributes", "type": "webhook", "url": "%s", "transform": {"jsonata": "type & ' ' & id"}},
                       {"id": "path", "type": "webhook", "url": "%s", "transform": {"inputPath": "$.data.c"}},
                       {"id": "template", "type": "webhook", "url": "%s",
                        "transform": {"inputTransformer": {"inputPathsMap": {"c": "$.data.c"}, "inputTemplate": "{\\"c\\": <c>}"}}},
                       {"id": "jsonata", "type": "webhook", "url": "%s", "transform": {"jsonata": "data.c"}}]}"""
                            .formatted(whole.url(), attributes.url(), path.url(), template.url(), jsonata.url());
            Api.Response created = api.put("/v1/buses/raw/rules/r", rule);
            assertEquals(201, created.status(), created.text());

            post(api, "deep", DEEP);
            post(api, "broken", BROKEN);
            Eventually.await(WAIT, () -> deadLetters(api).size() == 6, () -> "six dead letters");
            Eventually.await(WAIT, () -> node.isRouted("raw"), () -> "routing to finish");

            assertEquals(2, whole.delivered().size());
            for (Receiver.Request request : whole.delivered()) {
                String id = request.headers().get("ce-id");
                byte[] posted = (id.equals("deep") ? DEEP : BROKEN).getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(posted, request.body(), "the producer's bytes, as posted: " + id);
            }
            List<String> described = new ArrayList<>();
            attributes.delivered().forEach(r -> described.add(new String(r.body(), StandardCharsets.UTF_8)));
            described.sort(null);
            assertEquals(List.of("\"test.event broken\"", "\"test.event deep\""), described);
            assertEquals(0, path.attempts() + template.attempts() + jsonata.attempts(), "no null was delivered");

            Map<String, String> errors = new TreeMap<>();
            for (JsonNode listed : deadLetters(api)) {
                JsonNode event = api.get(
                                "/v1/buses/raw/dead-letters/" + listed.get("id").asText())
                        .json()
                        .get("event");
                assertEquals("rejected", event.get("dlreason").asText());
                errors.put(
                        event.get("id").asText() + "/" + event.get("dltarget").asText(),
                        event.get("dlerror").asText());
            }
            assertEquals(
                    List.of(
                            "broken/jsonata",
                            "broken/path",
                            "broken/template",
                            "deep/jsonata",
                            "deep/path",
                            "deep/template"),
                    List.copyOf(errors.keySet()));
            String claims = "The transform reads the event's data, which claims to be JSON (datacontenttype"
                    + " application/json) but is not readable JSON: ";
            errors.forEach((where, error) -> {
                assertTrue(error.startsWith(claims), where + ": " + error);
                if (where.startsWith("deep/")) {
                    assertEquals(
                            claims + "objects and arrays nest deeper than 1000 levels, the most Signalbox reads in one"
                                    + " JSON document.",
                            error);
                } else {
                    assertTrue(error.startsWith(claims + "at line 1, column 7: Unrecognized token 'broken'"), error);
                }
            });

            Map<String, String> outcomes = new TreeMap<>();
            api.get("/v1/buses/raw/events/deep/deliveries")
                    .json()
                    .get("attempts")
                    .forEach(a -> outcomes.put(
                            a.get("target").asText(), a.get("outcome").asText()));
            assertEquals(
                    Map.of(
                            "whole", "delivered",
                            "attributes", "delivered",
                            "path", "failed",
                            "template", "failed",
                            "jsonata", "failed"),
                    outcomes,
                    "the timeline says which were not delivered");
        }
    }

    private static void post(Api api, String id, String data) {
        Api.Response response = api.postJsonEvent("raw", id, data);
        assertEquals(202, response.status(), response.text());
    }

    private static List<JsonNode> deadLetters(Api api) {
        return DeliveryIT.deadLetters(api, "raw");
    }
}
