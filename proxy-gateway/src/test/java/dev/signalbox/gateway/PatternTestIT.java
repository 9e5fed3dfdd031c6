package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/test-event-pattern} beyond patterns: CloudEvents SQL filters with explain, and a
 * body read strictly (unknown members, an event that is not an object, both or neither of pattern
 * and filter), each refusal a 400 naming its pointer.
 */
@ExtendWith(VertxExtension.class)
class PatternTestIT {
    private static final String EVENT = "{\"specversion\": \"1.0\", \"id\": \"e1\", \"source\": \"/shop\","
            + " \"type\": \"order.created\", \"priority\": 7, \"tenant\": \"acme\"}";

    private static Api.Response test(Api api, String query, String body) {
        return api.post(
                "/v1/test-event-pattern" + query, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void aFilterIsTestedAndExplained(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            Api.Response yes = test(
                    api,
                    "",
                    "{\"filter\": {\"cesql\": \"type LIKE 'order.%' AND priority > 5\"}, \"event\": " + EVENT + "}");
            assertEquals(200, yes.status(), yes.text());
            assertEquals("{\"result\":true}", yes.json().toString());

            Api.Response no =
                    test(api, "", "{\"filter\": {\"cesql\": \"tenant = 'other'\"}, \"event\": " + EVENT + "}");
            assertEquals("{\"result\":false}", no.json().toString());

            JsonNode why = test(
                            api,
                            "?explain=true",
                            "{\"filter\": {\"cesql\": \"region = 'eu' AND tenant = 'acme'\"}, \"event\": " + EVENT
                                    + "}")
                    .json();
            assertFalse(why.get("result").asBoolean(), why.toString());
            assertEquals(
                    "MISSING_ATTRIBUTE", why.at("/explanation/errors/0/kind").asText(), why.toString());
            assertEquals("region", why.at("/explanation/errors/0/expression").asText(), why.toString());
            assertFalse(why.at("/explanation/reason").asText().isBlank());

            JsonNode matched = test(
                            api,
                            "?explain=true",
                            "{\"filter\": {\"cesql\": \"priority = 7\"}, \"event\": " + EVENT + "}")
                    .json();
            assertEquals("{\"result\":true}", matched.toString());
        }
    }

    @Test
    void badRequestsNameTheirPointer(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            String pattern = "\"pattern\": {\"type\": [\"order.created\"]}";
            record Case(String body, String code, String pointer, String says) {}
            List<Case> cases = List.of(
                    // unknown members were ignored before
                    new Case(
                            "{" + pattern + ", \"event\": {}, \"evnt\": {}}",
                            "request.invalid",
                            "/evnt",
                            "not a member"),
                    new Case(
                            "{" + pattern + ", \"event\": {}, \"a/b\": 1}", "request.invalid", "/a~1b", "not a member"),
                    // an event that is not an object
                    new Case("{" + pattern + ", \"event\": \"{}\"}", "request.invalid", "/event", "not string"),
                    new Case("{" + pattern + ", \"event\": [{}]}", "request.invalid", "/event", "not array"),
                    new Case("{" + pattern + ", \"event\": 5}", "request.invalid", "/event", "not number"),
                    new Case("{" + pattern + ", \"event\": null}", "request.invalid", "/event", "not null"),
                    new Case("{" + pattern + "}", "request.invalid", "/event", "required"),
                    // exactly one of pattern and filter
                    new Case(
                            "{" + pattern + ", \"filter\": {\"cesql\": \"TRUE\"}, \"event\": " + EVENT + "}",
                            "request.invalid",
                            "/filter",
                            "not both"),
                    new Case("{\"event\": " + EVENT + "}", "request.invalid", "/pattern", "or a filter"),
                    // a filter is checked as in a rule
                    new Case(
                            "{\"filter\": {\"cesql\": \"NOSUCH(type) = 1\"}, \"event\": " + EVENT + "}",
                            "pattern.invalid",
                            "/filter/cesql",
                            "no function NOSUCH"),
                    new Case(
                            "{\"filter\": {\"cesql\": \"LOWER(type)\"}, \"event\": " + EVENT + "}",
                            "pattern.invalid",
                            "/filter/cesql",
                            "never a Boolean"),
                    new Case(
                            "{\"filter\": {\"sql\": \"TRUE\"}, \"event\": " + EVENT + "}",
                            "pattern.invalid",
                            "/filter/sql",
                            "not a known field"),
                    // a filter reads CloudEvent attributes: the event must be one
                    new Case(
                            "{\"filter\": {\"cesql\": \"TRUE\"}, \"event\": {\"type\": \"t\"}}",
                            "event.invalid",
                            "/event/id",
                            "missing"));
            for (Case c : cases) {
                Api.Response response = test(api, "", c.body());
                assertEquals(400, response.status(), c.body() + " -> " + response.text());
                assertEquals("application/problem+json", response.contentType());
                JsonNode problem = response.json();
                assertEquals(c.code(), problem.get("code").asText(), response.text());
                JsonNode first = problem.get("errors").get(0);
                assertEquals(c.pointer(), first.get("pointer").asText(), response.text());
                assertTrue(first.get("message").asText().contains(c.says()), response.text());
            }
        }
    }
}
