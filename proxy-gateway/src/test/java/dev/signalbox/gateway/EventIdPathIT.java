package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every event id the node accepts can be named in a URL: {@code GET .../events/{id}} and its
 * delivery timeline find the event once the id is percent-encoded. The dot segments {@code .}
 * and {@code ..} cannot be (URL normalisation removes them, even as {@code %2E%2E}, and
 * {@code .../events/..} named the bus), so they are refused at ingest on every HTTP path; the
 * gRPC path is in {@link GrpcBadInputIT}.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventIdPathIT {

    private static final String EVENTS = "/v1/buses/ids/events";

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/buses/ids", "{\"flush\":\"sync\"}").status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(
            strings = {
                "a/b", "a%2Fb", "x?y", "a#b", "a b", "ü", "日本", "😀", "%", "%2E%2E", "...", ".a", "a.", "a+b",
                "a;b", "a\\b", "~", "/", "//", "a//b", "./a", "../a", "a/..", "a/.", "./", "../", " ", "a&b=c"
            })
    void anAcceptedIdCanBeReadAndTraced(String id) {
        Api.Response posted = api.post(
                EVENTS, "application/cloudevents+json", structured(id).getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(202, posted.status(), posted.text());

        String path =
                EVENTS + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        Api.Response read = api.get(path);
        assertEquals(200, read.status(), path + ": " + read.text());
        assertEquals(id, read.json().path("id").asText(), path + " answers the event: " + read.text());

        Api.Response timeline = api.get(path + "/deliveries");
        assertEquals(200, timeline.status(), path + "/deliveries: " + timeline.text());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {".", ".."})
    void aDotSegmentIdIsRefusedOnEveryHttpPath(String id) {
        requireIdProblem(api.post(
                EVENTS, "application/cloudevents+json", structured(id).getBytes(StandardCharsets.UTF_8), Map.of()));
        requireIdProblem(api.post(EVENTS, "application/json", "{}".getBytes(StandardCharsets.UTF_8), binary(id)));
        // Binary mode percent-decodes header values: %2E%2E is the id "..".
        requireIdProblem(api.post(
                EVENTS, "application/json", "{}".getBytes(StandardCharsets.UTF_8), binary(id.replace(".", "%2E"))));

        String batch = "[" + structured(id) + "," + structured("beside-" + id.length()) + "]";
        Api.Response response = api.post(
                EVENTS, "application/cloudevents-batch+json", batch.getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, response.status(), response.text());
        JsonNode entries = response.json().path("entries");
        assertEquals("event.invalid", entries.get(0).path("errorCode").asText(), response.text());
        assertTrue(entries.get(0).path("errorMessage").asText().contains("/id"), response.text());
        assertEquals("beside-" + id.length(), entries.get(1).path("id").asText(), "the good entry is stored");
    }

    private static void requireIdProblem(Api.Response response) {
        assertEquals(400, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonNode problem = response.json();
        assertEquals("urn:signalbox:problem:event.invalid", problem.path("type").asText(), response.text());
        JsonNode error = problem.path("errors").get(0);
        assertEquals("/id", error.path("pointer").asText(), response.text());
        assertTrue(error.path("detail").asText().contains("'..'"), response.text());
    }

    private static Map<String, String> binary(String id) {
        return Map.of("ce-specversion", "1.0", "ce-id", id, "ce-source", "/ids", "ce-type", "t");
    }

    private static String structured(String id) {
        try {
            return Api.JSON.writeValueAsString(
                    Map.of("specversion", "1.0", "id", id, "source", "/ids", "type", "t", "data", Map.of()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
