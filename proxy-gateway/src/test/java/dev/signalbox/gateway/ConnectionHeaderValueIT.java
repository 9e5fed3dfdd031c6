package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection's header values must be ISO-8859-1 text: the HTTP client writes them so, and a
 * character above U+00FF went out as '?' on every delivery ({@code é日本} arrived as {@code é??}).
 * The problem names the header; a secret's characters are not quoted back.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionHeaderValueIT {

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @Test
    void aHeaderValueAboveLatin1IsRefusedNamingTheHeader() {
        Api.Response response = api.put(
                "/v1/connections/c",
                "{\"authorization\": {\"type\": \"none\"}, \"headers\": {\"x-a\": \"é日本\", \"x-b\": \"ok\"}}");
        JsonNode error = requireOneProblem(response, "/headers/x-a");
        String detail = error.path("detail").asText();
        assertTrue(detail.contains("header x-a"), detail);
        assertTrue(detail.contains("'日' (U+65E5) at index 1"), detail);
        assertEquals(404, api.get("/v1/connections/c").status(), "no connection was created");
    }

    @Test
    void anApiKeyAboveLatin1IsRefusedWithoutQuotingIt() {
        Api.Response response = api.put(
                "/v1/connections/k",
                "{\"authorization\": {\"type\": \"apiKey\", \"header\": \"x-key\", \"value\": \"zq€kv\"}}");
        JsonNode error = requireOneProblem(response, "/authorization/value");
        String detail = error.path("detail").asText();
        assertTrue(detail.contains("header x-key"), detail);
        assertTrue(detail.contains("at index 2"), detail);
        assertFalse(response.text().contains("€") || response.text().contains("zq"), response.text());
    }

    @Test
    void controlCharactersAreRefusedInEveryHeaderValue() {
        requireOneProblem(
                api.put(
                        "/v1/connections/t",
                        "{\"authorization\": {\"type\": \"none\"}, \"headers\": {\"x-a\": \"a\\u0001b\"}}"),
                "/headers/x-a");
    }

    @Test
    void latin1AndTabsAreTaken() {
        Api.Response response = api.put(
                "/v1/connections/l",
                "{\"authorization\": {\"type\": \"apiKey\", \"header\": \"x-key\", \"value\": \"ÿé\\tx\"},"
                        + " \"headers\": {\"x-a\": \"café\"}}");
        assertEquals(201, response.status(), response.text());
    }

    private static JsonNode requireOneProblem(Api.Response response, String pointer) {
        assertEquals(400, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonNode errors = response.json().path("errors");
        assertEquals(1, errors.size(), response.text());
        assertEquals(pointer, errors.get(0).path("pointer").asText(), response.text());
        return errors.get(0);
    }
}
