package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A target URL or an OAuth token URL whose port is not 1 to 65535 is refused when the rule or
 * connection is created: java.net.URI takes any number, and the HTTP client then refused every
 * delivery with an IllegalArgumentException that was retried to the end.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrlPortIT {

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/buses/ports", "{}").status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {0, 65536, 99999})
    void aTargetPortOutOfRangeIsRefused(int port) {
        Api.Response response = api.put("/v1/buses/ports/rules/r", rule(port));
        requireProblem(response, "/targets/0/url", port);
        assertEquals(404, api.get("/v1/buses/ports/rules/r").status(), "no rule was created");
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {0, 65536, 99999})
    void aTokenUrlPortOutOfRangeIsRefused(int port) {
        Api.Response response = api.put("/v1/connections/oauth", connection(port));
        requireProblem(response, "/authorization/tokenUrl", port);
        assertEquals(404, api.get("/v1/connections/oauth").status(), "no connection was created");
    }

    @Test
    void theHighestAndLowestPortsAreTaken() {
        assertEquals(201, api.put("/v1/buses/ports/rules/high", rule(65535)).status());
        assertEquals(201, api.put("/v1/buses/ports/rules/low", rule(1)).status());
        assertEquals(201, api.put("/v1/connections/high", connection(65535)).status());
    }

    private static void requireProblem(Api.Response response, String pointer, int port) {
        assertEquals(400, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonNode errors = response.json().path("errors");
        assertEquals(1, errors.size(), response.text());
        assertEquals(pointer, errors.get(0).path("pointer").asText(), response.text());
        assertEquals(
                "has the port " + port + "; a port must be 1 to 65535",
                errors.get(0).path("detail").asText(),
                response.text());
    }

    private static String rule(int port) {
        return """
                {"pattern": {"type": ["x"]},
                 "targets": [{"id": "t", "type": "webhook", "url": "http://127.0.0.1:%d/x"}]}"""
                .formatted(port);
    }

    private static String connection(int port) {
        return """
                {"authorization": {"type": "oauth2", "tokenUrl": "http://127.0.0.1:%d/t",
                                   "clientId": "c", "clientSecret": "s"}}"""
                .formatted(port);
    }
}
