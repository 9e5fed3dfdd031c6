package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document describes exactly the operations the node serves, and the statuses
 * real calls answer are ones it declares.
 */
@ExtendWith(VertxExtension.class)
class OpenApiIT {

    private static final Set<String> SERVED = Set.of(
            "get /health",
            "get /ready",
            "get /metrics",
            "get /v1/openapi.json",
            "get /v1/buses",
            "put /v1/buses/{bus}",
            "get /v1/buses/{bus}",
            "delete /v1/buses/{bus}",
            "post /v1/buses/{bus}/events",
            "get /v1/buses/{bus}/events/{id}",
            "get /v1/buses/{bus}/events/{id}/deliveries",
            "get /v1/buses/{bus}/dead-letters",
            "get /v1/buses/{bus}/dead-letters/{deadLetterId}",
            "post /v1/buses/{bus}/dead-letters/redrive",
            "get /v1/buses/{bus}/rules",
            "put /v1/buses/{bus}/rules/{rule}",
            "get /v1/buses/{bus}/rules/{rule}",
            "delete /v1/buses/{bus}/rules/{rule}",
            "post /v1/test-event-pattern",
            "get /v1/config",
            "get /v1/registries",
            "put /v1/registries/{registry}",
            "get /v1/registries/{registry}",
            "delete /v1/registries/{registry}",
            "get /v1/registries/{registry}/schemas",
            "get /v1/registries/{registry}/schemas/{schema}",
            "put /v1/registries/{registry}/schemas/{schema}",
            "delete /v1/registries/{registry}/schemas/{schema}",
            "post /v1/registries/{registry}/schemas/{schema}/versions",
            "get /v1/registries/{registry}/schemas/{schema}/versions/{version}",
            "get /v1/registries/{registry}/schemas/{schema}/versions/{version}/example",
            "get /v1/registries/{registry}/schemas/{schema}/versions/{version}/bindings/java",
            "get /v1/registries/{registry}/schemas/{schema}/versions/{version}/bindings/typescript",
            "post /v1/registries/{registry}/schemas/{schema}/compatibility",
            "get /v1/registries/{registry}/schemas/{schema}/diff",
            "get /v1/registries/{registry}/schemas/{schema}/usage",
            "get /v1/connections",
            "put /v1/connections/{name}",
            "get /v1/connections/{name}",
            "delete /v1/connections/{name}");

    @Test
    void describesWhatTheNodeServes(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api open = node.api().withKey(null);
            Api.Response response = open.get("/v1/openapi.json");
            assertEquals(200, response.status(), "the contract is public");
            JsonNode spec = response.json();
            assertEquals("3.1.0", spec.get("openapi").asText());
            assertEquals(new TreeSet<>(SERVED), operations(spec));

            Api api = node.api();
            expect(spec, "put /v1/buses/{bus}", api.put("/v1/buses/b", "{\"flush\":\"sync\"}"), 201);
            expect(spec, "put /v1/buses/{bus}", api.put("/v1/buses/b", "{\"flush\":\"async\"}"), 200);
            expect(spec, "get /v1/buses", api.get("/v1/buses"), 200);
            expect(spec, "get /v1/buses/{bus}", api.get("/v1/buses/missing"), 404);
            expect(
                    spec,
                    "put /v1/buses/{bus}/rules/{rule}",
                    api.put(
                            "/v1/buses/b/rules/r",
                            "{\"pattern\":{\"type\":[\"t\"]},\"targets\":[{\"id\":\"t\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/\"}]}"),
                    201);
            expect(
                    spec,
                    "put /v1/buses/{bus}/rules/{rule}",
                    api.put("/v1/buses/b/rules/r", "{\"pattern\":{\"type\":\"t\"},\"targets\":[]}"),
                    400);
            expect(spec, "get /v1/buses/{bus}/rules", api.get("/v1/buses/b/rules"), 200);
            expect(
                    spec,
                    "post /v1/buses/{bus}/events",
                    api.post(
                            "/v1/buses/b/events",
                            "text/plain",
                            "x".getBytes(StandardCharsets.UTF_8),
                            Map.of("ce-specversion", "1.0", "ce-id", "1", "ce-source", "/s", "ce-type", "t")),
                    202);
            expect(spec, "get /v1/buses/{bus}/events/{id}", api.get("/v1/buses/b/events/1"), 200);
            expect(spec, "get /v1/buses/{bus}/events/{id}/deliveries", api.get("/v1/buses/b/events/1/deliveries"), 200);
            expect(
                    spec,
                    "get /v1/buses/{bus}/events/{id}/deliveries",
                    api.get("/v1/buses/b/events/none/deliveries"),
                    404);
            expect(spec, "get /v1/buses/{bus}/dead-letters", api.get("/v1/buses/b/dead-letters"), 200);
            expect(spec, "get /v1/buses/{bus}/dead-letters", api.get("/v1/buses/b/dead-letters?limit=0"), 400);
            expect(spec, "get /v1/buses/{bus}/dead-letters/{deadLetterId}", api.get("/v1/buses/b/dead-letters/7"), 404);
            expect(
                    spec,
                    "post /v1/buses/{bus}/dead-letters/redrive",
                    api.post(
                            "/v1/buses/b/dead-letters/redrive",
                            "application/json",
                            "{\"all\":true}".getBytes(StandardCharsets.UTF_8),
                            Map.of()),
                    200);
            expect(
                    spec,
                    "post /v1/buses/{bus}/dead-letters/redrive",
                    api.post(
                            "/v1/buses/b/dead-letters/redrive",
                            "application/json",
                            "{}".getBytes(StandardCharsets.UTF_8),
                            Map.of()),
                    400);
            expect(
                    spec,
                    "post /v1/test-event-pattern",
                    api.post(
                            "/v1/test-event-pattern",
                            "application/json",
                            "{\"pattern\":{\"type\":[\"t\"]},\"event\":{\"type\":\"t\"}}"
                                    .getBytes(StandardCharsets.UTF_8),
                            Map.of()),
                    200);
            expect(spec, "get /v1/buses", open.get("/v1/buses"), 401);
            expect(spec, "delete /v1/buses/{bus}/rules/{rule}", api.delete("/v1/buses/b/rules/r"), 204);
            expect(spec, "delete /v1/buses/{bus}", api.delete("/v1/buses/b"), 204);
            expect(spec, "delete /v1/buses/{bus}", api.delete("/v1/buses/b"), 404);
            expect(spec, "get /ready", open.get("/ready"), 200);
            expect(spec, "get /metrics", open.get("/metrics"), 200);
            expect(spec, "get /v1/config", api.get("/v1/config"), 200);
            schemaCalls(spec, api);
            String connection = "{\"authorization\":{\"type\":\"apiKey\",\"header\":\"x-key\",\"value\":\"v\"}}";
            expect(spec, "put /v1/connections/{name}", api.put("/v1/connections/c", connection), 201);
            expect(spec, "put /v1/connections/{name}", api.put("/v1/connections/c", connection), 200);
            expect(spec, "put /v1/connections/{name}", api.put("/v1/connections/c", "{}"), 400);
            expect(spec, "get /v1/connections/{name}", api.get("/v1/connections/c"), 200);
            expect(spec, "get /v1/connections/{name}", api.get("/v1/connections/none"), 404);
            expect(spec, "get /v1/connections", api.get("/v1/connections"), 200);
            api.put("/v1/buses/c", "{}");
            String withConnection =
                    "{\"pattern\":{\"type\":[\"t\"]},\"targets\":[{\"id\":\"t\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/\",\"connection\":\"c\"}]}";
            expect(spec, "put /v1/buses/{bus}/rules/{rule}", api.put("/v1/buses/c/rules/r", withConnection), 201);
            expect(spec, "delete /v1/connections/{name}", api.delete("/v1/connections/c"), 409);
            String validated =
                    "{\"pattern\":{\"type\":[\"t\"]},\"targets\":[{\"id\":\"t\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/\",\"validation\":true}]}";
            expect(spec, "put /v1/buses/{bus}/rules/{rule}", api.put("/v1/buses/c/rules/v", validated), 422);
            expect(spec, "delete /v1/buses/{bus}/rules/{rule}", api.delete("/v1/buses/c/rules/r"), 204);
            expect(spec, "delete /v1/connections/{name}", api.delete("/v1/connections/c"), 204);
            expect(spec, "delete /v1/connections/{name}", api.delete("/v1/connections/c"), 404);
        }
    }

    private static void schemaCalls(JsonNode spec, Api api) {
        String r = "/v1/registries/{registry}";
        String s = r + "/schemas/{schema}";
        expect(spec, "put " + r, api.put("/v1/registries/reg", "{}"), 201);
        expect(spec, "put " + r, api.put("/v1/registries/reg", "{\"compatibility\":\"FULL\"}"), 200);
        expect(spec, "put " + r, api.put("/v1/registries/reg", "{\"compatibility\":\"no\"}"), 400);
        expect(spec, "get /v1/registries", api.get("/v1/registries"), 200);
        expect(spec, "get " + r, api.get("/v1/registries/reg"), 200);
        expect(spec, "get " + r, api.get("/v1/registries/none"), 404);
        String versions = "/v1/registries/reg/schemas/s/versions";
        String v1 = "{\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}}";
        expect(spec, "post " + s + "/versions", SchemaRegistryIT.post(api, versions, v1), 201);
        expect(spec, "post " + s + "/versions", SchemaRegistryIT.post(api, versions, v1), 200);
        expect(spec, "post " + s + "/versions", SchemaRegistryIT.post(api, versions, "{\"schema\":{\"type\":1}}"), 400);
        expect(
                spec,
                "post " + s + "/versions",
                SchemaRegistryIT.post(
                        api,
                        versions,
                        "{\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}"),
                409);
        expect(spec, "get " + r + "/schemas", api.get("/v1/registries/reg/schemas?q=a"), 200);
        expect(spec, "get " + s, api.get("/v1/registries/reg/schemas/s"), 200);
        expect(spec, "get " + s, api.get("/v1/registries/reg/schemas/t"), 404);
        expect(spec, "put " + s, api.put("/v1/registries/reg/schemas/s", "{\"tags\":[\"x\"]}"), 200);
        expect(spec, "get " + s + "/versions/{version}", api.get(versions + "/latest"), 200);
        expect(spec, "get " + s + "/versions/{version}/example", api.get(versions + "/1/example"), 200);
        String bindings = "get " + s + "/versions/{version}/bindings/";
        expect(spec, bindings + "java", api.get(versions + "/1/bindings/java?package=com.example"), 200);
        expect(spec, bindings + "java", api.get(versions + "/1/bindings/java?package=com..example"), 400);
        expect(spec, bindings + "typescript", api.get(versions + "/latest/bindings/typescript"), 200);
        expect(
                spec,
                "post " + s + "/compatibility",
                SchemaRegistryIT.post(api, "/v1/registries/reg/schemas/s/compatibility", v1),
                200);
        expect(spec, "get " + s + "/diff", api.get("/v1/registries/reg/schemas/s/diff?from=1&to=1"), 200);
        expect(spec, "get " + s + "/diff", api.get("/v1/registries/reg/schemas/s/diff?from=x"), 400);
        expect(spec, "get " + s + "/usage", api.get("/v1/registries/reg/schemas/s/usage"), 200);
        expect(
                spec,
                "put /v1/buses/{bus}",
                api.put(
                        "/v1/buses/guarded",
                        "{\"schemaEnforcement\":\"reject\",\"registry\":\"reg\",\"discovery\":\"on\","
                                + "\"schemas\":[{\"type\":\"t\",\"schema\":\"s\"}]}"),
                201);
        expect(
                spec,
                "post /v1/buses/{bus}/events",
                api.post(
                        "/v1/buses/guarded/events",
                        "application/json",
                        "{\"a\":\"not an integer\"}".getBytes(StandardCharsets.UTF_8),
                        Map.of("ce-specversion", "1.0", "ce-id", "g1", "ce-source", "/s", "ce-type", "t")),
                422);
        expect(spec, "delete " + s, api.delete("/v1/registries/reg/schemas/s"), 204);
        expect(spec, "delete " + r, api.delete("/v1/registries/reg"), 204);
        expect(spec, "delete " + r, api.delete("/v1/registries/reg"), 404);
    }

    private static void expect(JsonNode spec, String operation, Api.Response response, int status) {
        assertEquals(status, response.status(), operation + ": " + response.text());
        String[] parts = operation.split(" ", 2);
        JsonNode responses = spec.get("paths").get(parts[1]).get(parts[0]).get("responses");
        assertTrue(
                responses.has(String.valueOf(status)),
                operation + " answered " + status + ", which the contract does not declare");
        JsonNode declared = responses.get(String.valueOf(status));
        if (declared.has("$ref")) {
            String name = declared.get("$ref").asText().replace("#/components/responses/", "");
            declared = spec.get("components").get("responses").get(name);
        }
        if (declared.has("content") && response.body().length > 0) {
            String type = response.contentType().split(";")[0].trim();
            assertTrue(
                    declared.get("content").has(type),
                    operation + " answered " + type + ", declared "
                            + declared.get("content").fieldNames().next());
        }
    }

    private static Set<String> operations(JsonNode spec) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                    operations.add(method + " " + path.getKey());
                }
            });
        }
        return operations;
    }
}
