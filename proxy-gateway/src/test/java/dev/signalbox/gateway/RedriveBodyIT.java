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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A redrive body's problems are the real ones only: {@code {}} was also told
 * {@code "/all": "must be true"} although it sent no {@code all}.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedriveBodyIT {

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/buses/rd", "{}").status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{}                  | (root)",
                "{\"all\": false}    | /all",
                "{\"all\": \"yes\"}  | /all",
                "{\"rest\": 1}       | /rest (root)"
            })
    void onlyTheRealProblemsAreReported(String body, String pointers) {
        Api.Response response = api.post(
                "/v1/buses/rd/dead-letters/redrive",
                "application/json",
                body.getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertEquals(400, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        StringBuilder found = new StringBuilder();
        for (JsonNode error : response.json().path("errors")) {
            String pointer = error.path("pointer").asText();
            found.append(found.isEmpty() ? "" : " ").append(pointer.isEmpty() ? "(root)" : pointer);
        }
        assertEquals(pointers, found.toString(), response.text());
    }
}
