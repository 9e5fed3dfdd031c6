package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binary mode reads data as its own document, so data may nest up to the 1,000 levels a JSON
 * document may. Every answer and delivery that wraps the stored event in a larger document (the
 * dead letter, the list, the timeline, structured and batched deliveries) carries such data
 * intact. The dead letter once read the event back as a tree and answered 500 at 999 and 1,000
 * levels. A transform whose output wraps the data in the event cannot carry 1,000 levels: that
 * delivery is a dead letter saying why (it once threw past the router, which skipped the event
 * for every target). A template holding the event is filled as text, and is refused the same way
 * once it would nest past 1,000 levels.
 */
@ExtendWith(VertxExtension.class)
class DeepDataReadIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<Integer> DEPTHS = List.of(998, 999, 1000);
    /**
     * Reads what the node answers: the data plus the event object plus the answer's envelope nest
     * past Jackson's default bound, which a client reading such data must raise, as this one does.
     */
    private static final ObjectMapper DEEP = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(1010)
                            .build())
                    .build())
            .build();

    @Test
    void deadLettersDeliveriesAndTimelinesCarryDataNestedToTheBound(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir);
                Receiver refusing = Receiver.start(vertx, n -> 400);
                Receiver structured = Receiver.accepting(vertx);
                Receiver batched = Receiver.accepting(vertx);
                Receiver whole = Receiver.accepting(vertx);
                Receiver templated = Receiver.accepting(vertx)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/deep", "{}").status());
            String rule =
                    """
                    {"pattern": {"type": ["test.event"]},
                     "targets": [
                       {"id": "refusing", "type": "webhook", "url": "%s"},
                       {"id": "structured", "type": "webhook", "url": "%s", "deliveryMode": "structured"},
                       {"id": "batched", "type": "webhook", "url": "%s", "deliveryMode": "batched",
                        "batch": {"maxEvents": 3, "maxWaitMillis": 100}}]}"""
                            .formatted(refusing.url(), structured.url(), batched.url());
            Api.Response created = api.put("/v1/buses/deep/rules/r", rule);
            assertEquals(201, created.status(), created.text());
            // The whole event as the output: one level more than the data; in a template's object,
            // two more (a template is filled as text, so its depth is counted from its bytes).
            String wrapping =
                    """
                    {"pattern": {"type": ["test.event"]},
                     "targets": [{"id": "whole", "type": "webhook", "url": "%s", "transform": {"inputPath": "$"}},
                       {"id": "templated", "type": "webhook", "url": "%s",
                        "transform": {"inputTransformer": {"inputTemplate": "{\\"e\\": <signalbox.event>}"}}}]}"""
                            .formatted(whole.url(), templated.url());
            created = api.put("/v1/buses/deep/rules/wrapping", wrapping);
            assertEquals(201, created.status(), created.text());

            for (int depth : DEPTHS) {
                Api.Response posted = api.postJsonEvent("deep", "d" + depth, data(depth));
                assertEquals(202, posted.status(), posted.text());
            }
            Eventually.await(WAIT, () -> DeliveryIT.deadLetters(api, "deep").size() == 6, () -> "six dead letters");
            Eventually.await(WAIT, () -> structured.delivered().size() == 3, () -> "three structured deliveries");
            Eventually.await(
                    WAIT,
                    () -> batched.delivered().stream()
                                    .mapToInt(r -> read(r.body()).size())
                                    .sum()
                            == 3,
                    () -> "three events in batches");

            Map<String, JsonNode> fetched = new TreeMap<>();
            Map<String, String> wholeRefused = new TreeMap<>();
            Map<String, String> templateRefused = new TreeMap<>();
            for (JsonNode listed : DeliveryIT.deadLetters(api, "deep")) {
                String target = listed.get("target").asText();
                if (target.equals("whole") || target.equals("templated")) {
                    assertEquals("rejected", listed.get("reason").asText());
                    (target.equals("whole") ? wholeRefused : templateRefused)
                            .put(
                                    listed.get("eventId").asText(),
                                    listed.get("lastError").asText());
                    continue;
                }
                assertEquals("refusing", listed.get("target").asText());
                Api.Response letter = api.get(
                        "/v1/buses/deep/dead-letters/" + listed.get("id").asText());
                assertEquals(200, letter.status(), letter.text());
                JsonNode answer = read(letter.body());
                assertEquals(listed.get("eventId"), answer.get("eventId"), "the letter's own members, as listed");
                assertEquals(listed.get("reason"), answer.get("reason"));
                fetched.put(answer.at("/event/id").asText(), answer.get("event"));
            }
            assertEventsCarryTheirData(fetched, "dead letter");

            // Data nesting 1,000 levels cannot be wrapped in the event and still be JSON Signalbox
            // writes: that one delivery is a dead letter saying so, not an event skipped for every
            // target (the exception once escaped the router).
            String tooDeep = "The transform's output would nest objects and arrays deeper than 1000 levels, the most"
                    + " Signalbox writes in one JSON document: the event's data nests close to that bound and the"
                    + " output wraps it in more levels.";
            assertEquals(Map.of("d1000", tooDeep), wholeRefused);
            // The template once delivered 1,001 and 1,002 levels, which Jackson's defaults cannot read.
            assertEquals(Map.of("d999", tooDeep, "d1000", tooDeep), templateRefused);
            Eventually.await(WAIT, () -> templated.delivered().size() == 1, () -> "one templated event");
            JsonNode filled = read(templated.delivered().get(0).body()).get("e");
            assertEquals("d998", filled.get("id").asText());
            assertEquals(read(data(998)), filled.get("data"));
            Eventually.await(WAIT, () -> whole.delivered().size() == 2, () -> "two whole events");
            Map<String, JsonNode> wrapped = new TreeMap<>();
            whole.delivered().forEach(r -> {
                JsonNode event = read(r.body());
                wrapped.put(event.get("id").asText(), event);
            });
            assertEquals(List.of("d998", "d999"), List.copyOf(wrapped.keySet()));
            assertEquals(read(data(998)), wrapped.get("d998").get("data"));
            assertEquals(read(data(999)), wrapped.get("d999").get("data"));

            Map<String, JsonNode> delivered = new TreeMap<>();
            structured.delivered().forEach(r -> {
                JsonNode event = read(r.body());
                delivered.put(event.get("id").asText(), event);
            });
            assertEventsCarryTheirData(delivered, "structured delivery");

            Map<String, JsonNode> inBatches = new TreeMap<>();
            batched.delivered().forEach(r -> read(r.body())
                    .forEach(e -> inBatches.put(e.get("id").asText(), e)));
            assertEventsCarryTheirData(inBatches, "batched delivery");

            for (int depth : DEPTHS) {
                Api.Response event = api.get("/v1/buses/deep/events/d" + depth);
                assertEquals(200, event.status(), event.text());
                assertEquals(read(data(depth)), read(event.body()).get("data"), "GET event " + depth);
                JsonNode timeline = DeliveryIT.timeline(api, "deep", "d" + depth);
                // The refusing target's, the template's past 998 levels, the whole event's at 1,000.
                int letters = 1 + (depth >= 999 ? 1 : 0) + (depth == 1000 ? 1 : 0);
                assertEquals(letters, timeline.get("deadLetters").size(), timeline.toString());
            }
        }
    }

    private static void assertEventsCarryTheirData(Map<String, JsonNode> events, String where) {
        assertEquals(List.of("d1000", "d998", "d999"), List.copyOf(events.keySet()), where);
        for (int depth : DEPTHS) {
            JsonNode event = events.get("d" + depth);
            assertEquals(read(data(depth)), event.get("data"), where + " of data nested " + depth + " levels");
        }
    }

    /** JSON nesting exactly {@code depth} objects. */
    private static String data(int depth) {
        return "{\"c\": ".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    private static JsonNode read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode read(byte[] json) {
        try {
            return DEEP.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
