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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An ordering key path is read as the transforms read paths, and one that cannot select a
 * value of the event's data is refused when the rule is made. Before, only the {@code $.data}
 * prefix was checked: {@code $.data[} and {@code $.datafoo} were taken, and every delivery then
 * went out unordered without a word.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderingKeyPathIT {

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/buses/ok", "{}").status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "$.data[       | is not a valid path: '[' at position 6 is not closed",
                "$.datafoo     | a path reads the event's data",
                "$.datafoo.a   | a path reads the event's data",
                "$.data[*].id  | a key selects one value",
                "$.data[x]     | is not a valid path: '[x]' at position 6 is not an index"
            })
    void aPathThatCannotSelectIsRefused(String key, String reason) {
        Api.Response response = api.put("/v1/buses/ok/rules/r", rule(key));
        assertEquals(400, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonNode errors = response.json().path("errors");
        assertEquals(1, errors.size(), response.text());
        assertEquals("/targets/0/ordering/key", errors.get(0).path("pointer").asText(), response.text());
        assertTrue(errors.get(0).path("detail").asText().startsWith(reason), response.text());
    }

    @Test
    void indexAndQuotedStepsAreTaken() {
        assertEquals(201, api.put("/v1/buses/ok/rules/first", rule("$.data[0]")).status());
        Api.Response quoted = api.put("/v1/buses/ok/rules/quoted", rule("$.data.items[0]['sku.id']"));
        assertEquals(201, quoted.status(), quoted.text());
        assertEquals(
                "$.data.items[0]['sku.id']",
                api.get("/v1/buses/ok/rules/quoted")
                        .json()
                        .path("targets")
                        .get(0)
                        .path("ordering")
                        .path("key")
                        .asText(),
                "the key is kept as written");
    }

    private static String rule(String key) {
        return """
                {"pattern": {"type": ["x"]},
                 "targets": [{"id": "t", "type": "webhook", "url": "http://127.0.0.1:9/x",
                              "ordering": {"key": "%s"}}]}"""
                .formatted(key);
    }
}
