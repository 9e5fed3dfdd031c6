package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code curl -d} without {@code -H content-type} (as the README's own examples do) sends
 * {@code application/x-www-form-urlencoded}. Such bodies are still JSON or event data: a '%' not
 * followed by two hex digits, or a value over a kilobyte, must not make Vert.x's form decoder
 * fail the request with a 500.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormContentTypeIT {

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/buses/b", "{}").status());
        assertEquals(201, api.put("/v1/registries/shop", "{}").status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void aPatternTestWithAPercentAndALongValueIsAnswered(String contentType) {
        String value = "50% off " + "x".repeat(2_000);
        String body = "{\"pattern\": {\"a\": [\"" + value + "\"]}, \"event\": {\"a\": \"" + value + "\"}}";
        Api.Response response =
                api.post("/v1/test-event-pattern", contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, response.status(), response.text());
        assertTrue(response.json().get("result").asBoolean());
    }

    @Test
    void aLargeSchemaVersionIsRegistered() {
        StringBuilder properties = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            properties
                    .append(i == 0 ? "" : ",")
                    .append("\"p")
                    .append(i)
                    .append("\": {\"type\": \"string\", \"description\": \"")
                    .append("d".repeat(50))
                    .append("\"}");
        }
        String body = "{\"schema\": {\"type\": \"object\", \"properties\": {" + properties + "}}}";
        Api.Response response = api.post(
                "/v1/registries/shop/schemas/big/versions",
                "application/x-www-form-urlencoded",
                body.getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertEquals(201, response.status(), response.text());
    }

    @Test
    void aFormEventOnTheRoutersPathKeepsItsContentTypeAndBytes() {
        // A trailing slash takes the router's events route rather than the lean ingress.
        Api.Response response = api.post(
                "/v1/buses/b/events/",
                "application/x-www-form-urlencoded",
                "a=50%zz&b=2".getBytes(StandardCharsets.UTF_8),
                Map.of("ce-specversion", "1.0", "ce-id", "form-1", "ce-source", "/s", "ce-type", "t"));
        assertEquals(202, response.status(), response.text());
        JsonNode stored = api.get("/v1/buses/b/events/form-1").json();
        assertEquals(
                "application/x-www-form-urlencoded",
                stored.get("datacontenttype").asText());
        assertEquals("a=50%zz&b=2", stored.get("data").asText());
    }
}
