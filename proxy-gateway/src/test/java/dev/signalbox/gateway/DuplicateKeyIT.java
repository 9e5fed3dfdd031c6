package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control-plane body that gives a key twice in one JSON object is refused with 400 {@code
 * request.duplicate-key} pointing at the repeated key, wherever it is (a bus, a rule's pattern, a
 * target, a schema, a connection, a pattern test), and nothing is created. Events keep their own
 * rules: a repeated attribute is {@code event.invalid}; keys repeated inside {@code data} are the
 * producer's payload, stored as posted.
 */
@ExtendWith(VertxExtension.class)
class DuplicateKeyIT {

    private static final String JSON = "application/json";

    @Test
    void aKeyTwiceInAControlPlaneBodyIsRefusedAtItsPointer(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertDuplicate(api.put("/v1/buses/twice", "{\"flush\": \"sync\", \"flush\": \"async\"}"), "/flush");
            assertEquals(404, api.get("/v1/buses/twice").status(), "nothing created");
            assertDuplicate(
                    api.put("/v1/buses/twice", "{\"limits\": {\"maxEventBytes\": 70000, \"maxEventBytes\": 80000}}"),
                    "/limits/maxEventBytes");

            assertEquals(201, api.put("/v1/buses/b", "{}").status());
            String target = "{\"id\": \"h\", \"type\": \"webhook\", \"url\": \"https://example.com/a\"}";
            assertDuplicate(
                    api.put(
                            "/v1/buses/b/rules/r",
                            "{\"pattern\": {\"type\": [\"a\"], \"type\": [\"b\"]}, \"targets\": [" + target + "]}"),
                    "/pattern/type");
            assertDuplicate(
                    api.put(
                            "/v1/buses/b/rules/r",
                            "{\"pattern\": {\"type\": [\"a\"]}, \"targets\": [" + target + ", {\"id\": \"k\","
                                    + " \"type\": \"webhook\", \"url\": \"https://example.com/b\", \"url\":"
                                    + " \"https://example.com/c\"}]}"),
                    "/targets/1/url");
            // A key with '/' and '~' is escaped in the pointer as RFC 6901 says.
            assertDuplicate(
                    api.put(
                            "/v1/buses/b/rules/r",
                            "{\"pattern\": {\"data\": {\"a/b~c\": [1], \"a/b~c\": [2]}}, \"targets\": [" + target
                                    + "]}"),
                    "/pattern/data/a~1b~0c");
            assertEquals(404, api.get("/v1/buses/b/rules/r").status(), "nothing created");

            assertDuplicate(
                    api.put("/v1/registries/reg", "{\"description\": \"a\", \"description\": \"b\"}"), "/description");
            assertEquals(201, api.put("/v1/registries/reg", "{}").status());
            assertDuplicate(
                    api.post(
                            "/v1/registries/reg/schemas/s/versions",
                            JSON,
                            bytes("{\"schema\": {\"type\": \"object\", \"properties\": {\"n\": {\"type\":"
                                    + " \"string\"}, \"n\": {\"type\": \"integer\"}}}}"),
                            Map.of()),
                    "/schema/properties/n");
            assertDuplicate(
                    api.put("/v1/connections/c", "{\"description\": \"a\", \"description\": \"b\"}"), "/description");
            assertDuplicate(
                    api.post(
                            "/v1/test-event-pattern",
                            JSON,
                            bytes("{\"pattern\": {\"type\": [\"t\"]}, \"event\": {\"type\": \"t\", \"type\": \"u\"}}"),
                            Map.of()),
                    "/event/type");
            assertDuplicate(
                    api.post(
                            "/v1/buses/b/dead-letters/redrive",
                            JSON,
                            bytes("{\"ids\": [\"x\"], \"ids\": [\"y\"]}"),
                            Map.of()),
                    "/ids");
            // The same bodies without the repeat are taken.
            assertEquals(
                    201, api.put("/v1/buses/twice", "{\"flush\": \"async\"}").status());
            assertEquals(
                    201,
                    api.put("/v1/buses/b/rules/r", "{\"pattern\": {\"type\": [\"a\"]}, \"targets\": [" + target + "]}")
                            .status());
        }
    }

    @Test
    void eventsRefuseARepeatedAttributeAndKeepTheirDataAsPosted(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/b", "{}").status());
            String head = "{\"specversion\": \"1.0\", \"source\": \"/s\", \"type\": \"t\", ";
            Api.Response twice = api.post(
                    "/v1/buses/b/events",
                    "application/cloudevents+json",
                    bytes(head + "\"id\": \"1\", \"id\": \"2\"}"),
                    Map.of());
            assertEquals(400, twice.status(), twice.text());
            assertEquals("event.invalid", twice.json().get("code").asText());
            assertEquals("/id", twice.json().get("errors").get(0).get("pointer").asText());

            String data = "{\"k\": 1, \"k\": 2}";
            Api.Response taken = api.post(
                    "/v1/buses/b/events",
                    "application/cloudevents+json",
                    bytes(head + "\"id\": \"3\", \"datacontenttype\": \"application/json\", \"data\": " + data + "}"),
                    Map.of());
            assertEquals(202, taken.status(), taken.text());
            Api.Response stored = api.get("/v1/buses/b/events/3");
            assertEquals(200, stored.status());
            assertTrue(stored.text().contains(data), "data kept as posted: " + stored.text());
        }
    }

    private static void assertDuplicate(Api.Response response, String pointer) {
        assertEquals(400, response.status(), response.text());
        assertEquals("application/problem+json", response.contentType());
        JsonNode problem = response.json();
        assertEquals("request.duplicate-key", problem.get("code").asText(), response.text());
        assertEquals(
                "urn:signalbox:problem:request.duplicate-key",
                problem.get("type").asText());
        assertEquals(pointer, problem.get("errors").get(0).get("pointer").asText(), response.text());
        assertEquals(1, problem.get("errors").size());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
