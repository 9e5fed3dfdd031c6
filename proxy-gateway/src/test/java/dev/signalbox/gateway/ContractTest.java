package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The contract checker itself: it must fail on what breaks a schema, not only pass on what fits. */
class ContractTest {

    private static final String SPEC =
            """
            {"openapi": "3.1.0", "paths": {"/things/{id}": {"get": {"responses": {
              "200": {"$ref": "#/components/responses/Thing"},
              "204": {"description": "none"},
              "404": {"description": "missing", "headers": {"X-Why": {"required": true, "schema": {"type": "string"}}},
                      "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}}},
             "components": {
              "responses": {"Thing": {"description": "a thing", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"},
                "examples": {"bad": {"value": {"name": 5}}}}}}},
              "schemas": {
                "Thing": {"type": "object", "additionalProperties": false, "required": ["name"],
                          "properties": {"name": {"$ref": "#/components/schemas/Name"},
                                         "at": {"type": "string", "format": "date-time"}}},
                "Name": {"type": "string", "minLength": 1},
                "Problem": {"type": "object", "required": ["code"]}}}}
            """;

    private final Contract contract = new Contract(json(SPEC));

    @Test
    void aBodyThatFitsPasses() {
        contract.check(
                "get /things/{id}",
                response(200, "application/json", "{\"name\":\"a\",\"at\":\"2026-01-01T00:00:00Z\"}"));
        contract.check("get /things/{id}", response(204, "", ""));
    }

    @Test
    void whatBreaksTheContractFails() {
        for (Api.Response bad : List.of(
                response(200, "application/json", "{\"name\":\"\"}"),
                response(200, "application/json", "{\"name\":\"a\",\"extra\":1}"),
                response(200, "application/json", "{\"name\":\"a\",\"at\":\"yesterday\"}"),
                response(200, "text/plain", "a"),
                response(200, "application/json", ""),
                response(204, "application/json", "{}"),
                response(500, "application/json", "{}"),
                response(404, "application/problem+json", "{\"code\":\"x\"}"))) {
            assertThrows(AssertionFailedError.class, () -> contract.check("get /things/{id}", bad), bad.text());
        }
        assertThrows(AssertionFailedError.class, () -> contract.check("put /things/{id}", response(204, "", "")));
    }

    @Test
    void examplesAreCheckedAgainstTheirSchemas() {
        List<String> broken = contract.brokenExamples();
        assertEquals(1, broken.size(), broken.toString());
        assertTrue(broken.get(0).contains("/name"), broken.toString());
    }

    private static Api.Response response(int status, String contentType, String body) {
        Map<String, List<String>> headers =
                contentType.isEmpty() ? Map.of() : Map.of("content-type", List.of(contentType));
        return new Api.Response(status, HttpHeaders.of(headers, (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
