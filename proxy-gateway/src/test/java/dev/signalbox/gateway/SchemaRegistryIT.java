package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.schema.JsonSchemas;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The registry's REST API over a real node: registration, compatibility, search, diff, example, restart. */
@ExtendWith(VertxExtension.class)
class SchemaRegistryIT {

    static final String V1 =
            """
            {"schema": {"type": "object",
              "properties": {"id": {"type": "string", "format": "uuid"}, "amount": {"type": "integer"},
                             "currency": {"enum": ["EUR", "USD"]}},
              "required": ["id", "amount"], "additionalProperties": false},
             "description": "An order was placed", "tags": ["orders", "billing"]}""";
    static final String V2 =
            """
            {"schema": {"type": "object",
              "properties": {"id": {"type": "string", "format": "uuid"}, "amount": {"type": "number"},
                             "currency": {"enum": ["EUR", "USD", "GBP"]}, "note": {"type": "string"}},
              "required": ["id", "amount"], "additionalProperties": false}}""";

    static Api.Response post(Api api, String path, String json) {
        return api.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Test
    void registersVersionsAndRefusesIncompatibleOnes(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            Api.Response created = api.put("/v1/registries/shop", "{\"description\":\"Shop events\"}");
            assertEquals(201, created.status(), created.text());
            assertEquals("BACKWARD", created.json().get("compatibility").asText());
            assertEquals(200, api.put("/v1/registries/shop", "{}").status());

            String versions = "/v1/registries/shop/schemas/order-placed/versions";
            Api.Response v1 = post(api, versions, V1);
            assertEquals(201, v1.status(), v1.text());
            assertEquals(1, v1.json().get("version").asInt());
            assertEquals("2020-12", v1.json().get("dialect").asText());
            assertEquals("object", v1.json().get("schema").get("type").asText());

            Api.Response same = post(api, versions, V1);
            assertEquals(200, same.status(), "the same schema again is the same version");
            assertEquals(1, same.json().get("version").asInt());

            Api.Response v2 = post(api, versions, V2);
            assertEquals(201, v2.status(), v2.text());
            assertEquals(2, v2.json().get("version").asInt());

            // Narrowing the type and dropping an enum value breaks BACKWARD: both reported.
            Api.Response refused = post(
                    api,
                    versions,
                    """
                    {"schema": {"type": "object",
                      "properties": {"id": {"type": "string"}, "amount": {"type": "integer"},
                                     "currency": {"enum": ["EUR"]}, "note": {"type": "string"}},
                      "required": ["id", "amount", "note"], "additionalProperties": false}}""");
            assertEquals(409, refused.status(), refused.text());
            assertEquals("schema.incompatible", refused.json().get("code").asText());
            Set<String> pointers = pointers(refused.json().get("errors"));
            assertTrue(pointers.contains("/properties/amount/type"), pointers.toString());
            assertTrue(pointers.contains("/properties/currency/enum"), pointers.toString());
            assertTrue(pointers.contains("/required"), pointers.toString());
            assertTrue(refused.json().get("errors").get(0).has("message"));

            Api.Response invalid = post(api, versions, "{\"schema\": {\"type\": \"strin\", \"minLength\": -1}}");
            assertEquals(400, invalid.status(), invalid.text());
            assertEquals("schema.invalid", invalid.json().get("code").asText());
            assertTrue(
                    pointers(invalid.json().get("errors")).stream().allMatch(p -> p.startsWith("/schema")),
                    invalid.text());

            Api.Response remote = post(api, versions, "{\"schema\": {\"$ref\": \"https://example.com/order.json\"}}");
            assertEquals(400, remote.status(), "remote references are never fetched: " + remote.text());
            assertEquals("schema.invalid", remote.json().get("code").asText());

            Api.Response check = post(
                    api,
                    "/v1/registries/shop/schemas/order-placed/compatibility",
                    """
                    {"schema": {"type": "object", "properties": {"id": {"type": "integer"}}}}""");
            assertEquals(200, check.status(), check.text());
            assertFalse(check.json().get("compatible").asBoolean());
            assertEquals("BACKWARD", check.json().get("mode").asText());
            assertEquals(2, check.json().get("problems").get(0).get("version").asInt());

            Api.Response latest = api.get(versions + "/latest");
            assertEquals(2, latest.json().get("version").asInt());
            assertEquals(404, api.get(versions + "/7").status());
            assertEquals(
                    "schema.version-not-found",
                    api.get(versions + "/7").json().get("code").asText());

            Api.Response detail = api.get("/v1/registries/shop/schemas/order-placed");
            assertEquals(2, detail.json().get("versions").size());
            assertEquals("An order was placed", detail.json().get("description").asText());
            assertEquals(2, detail.json().get("latestVersion").asInt());

            Api.Response diff = api.get("/v1/registries/shop/schemas/order-placed/diff?from=1&to=2");
            assertEquals(200, diff.status(), diff.text());
            Set<String> changed = new HashSet<>();
            diff.json()
                    .get("changes")
                    .forEach(c -> changed.add(
                            c.get("kind").asText() + " " + c.get("pointer").asText()));
            assertTrue(changed.contains("changed /properties/amount/type"), changed.toString());
            assertTrue(changed.contains("added /properties/note"), changed.toString());
            assertTrue(changed.contains("added /properties/currency/enum/2"), changed.toString());

            Api.Response example = api.get(versions + "/2/example");
            assertEquals(200, example.status(), example.text());
            assertTrue(example.contentType().startsWith("application/cloudevents+json"));
            Api.Response java = api.get(versions + "/2/bindings/java?package=com.example.shop");
            assertEquals(200, java.status(), java.text());
            assertTrue(java.contentType().startsWith("text/x-java-source"), java.contentType());
            assertTrue(java.text().startsWith("package com.example.shop;"), java.text());
            assertTrue(
                    java.text()
                            .contains(
                                    "public record OrderPlaced(java.util.UUID id, double amount, Currency currency, String note)"),
                    java.text());
            Api.Response ts = api.get(versions + "/latest/bindings/typescript");
            assertEquals(200, ts.status());
            assertTrue(ts.text().contains("export interface OrderPlaced {"), ts.text());
            assertTrue(ts.text().contains("  currency?: \"EUR\" | \"USD\" | \"GBP\";"), ts.text());
            assertEquals(404, api.get(versions + "/9/bindings/typescript").status());
            JsonNode data = example.json().get("data");
            assertTrue(JsonSchemas.compile(latest.json().get("schema")).accepts(data), data.toString());
        }
    }

    @Test
    void searchesAndEditsMetadata(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/registries/shop", "{\"compatibility\":\"NONE\"}");
            post(api, "/v1/registries/shop/schemas/order-placed/versions", V1);
            post(
                    api,
                    "/v1/registries/shop/schemas/user-signed-up/versions",
                    """
                    {"schema": {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}},
                     "tags": ["users"]}""");
            assertEquals(Set.of("order-placed"), names(api.get("/v1/registries/shop/schemas?prefix=order")));
            assertEquals(Set.of("user-signed-up"), names(api.get("/v1/registries/shop/schemas?tag=users")));
            assertEquals(Set.of("user-signed-up"), names(api.get("/v1/registries/shop/schemas?q=EMAIL")));
            assertEquals(Set.of("order-placed"), names(api.get("/v1/registries/shop/schemas?q=placed")));
            assertEquals(Set.of("order-placed"), names(api.get("/v1/registries/shop/schemas?q=currency")));
            assertEquals(2, names(api.get("/v1/registries/shop/schemas")).size());

            Api.Response edited = api.put(
                    "/v1/registries/shop/schemas/user-signed-up",
                    "{\"description\":\"A user joined\",\"compatibility\":\"FULL_TRANSITIVE\"}");
            assertEquals(200, edited.status(), edited.text());
            assertEquals("FULL_TRANSITIVE", edited.json().get("compatibility").asText());
            assertEquals("users", edited.json().get("tags").get(0).asText());

            Api.Response bad =
                    api.put("/v1/registries/shop/schemas/user-signed-up", "{\"compatibility\":\"SIDEWAYS\",\"x\":1}");
            assertEquals(400, bad.status());
            assertEquals(Set.of("/compatibility", "/x"), pointers(bad.json().get("errors")));

            assertEquals(404, api.get("/v1/registries/nope/schemas").status());
            assertEquals(
                    "registry.not-found",
                    api.get("/v1/registries/nope").json().get("code").asText());
            assertEquals(
                    204,
                    api.delete("/v1/registries/shop/schemas/user-signed-up").status());
            assertEquals(
                    "schema.not-found",
                    api.get("/v1/registries/shop/schemas/user-signed-up")
                            .json()
                            .get("code")
                            .asText());
            assertEquals(204, api.delete("/v1/registries/shop").status());
            assertEquals(404, api.delete("/v1/registries/shop").status());
        }
    }

    @Test
    void registriesSurviveARestart(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/registries/shop", "{\"compatibility\":\"FORWARD\",\"description\":\"kept\"}");
            assertEquals(
                    201,
                    post(api, "/v1/registries/shop/schemas/order-placed/versions", V1)
                            .status());
            assertEquals(
                    201,
                    post(
                                    api,
                                    "/v1/registries/shop/schemas/order-placed/versions",
                                    """
                    {"schema": {"type": "object",
                      "properties": {"id": {"type": "string", "format": "uuid"}, "amount": {"type": "integer"},
                                     "currency": {"enum": ["EUR", "USD"]}},
                      "required": ["id", "amount", "currency"], "additionalProperties": false}}""")
                            .status());
        }
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            JsonNode registry = api.get("/v1/registries/shop").json();
            assertEquals("FORWARD", registry.get("compatibility").asText());
            assertEquals("kept", registry.get("description").asText());
            Api.Response latest = api.get("/v1/registries/shop/schemas/order-placed/versions/latest");
            assertEquals(2, latest.json().get("version").asInt());
            assertEquals(
                    "currency",
                    latest.json().get("schema").get("required").get(2).asText());
            assertEquals(List.of("orders", "billing"), tags(api.get("/v1/registries/shop/schemas/order-placed")));
            // The next registration continues the numbering and still applies FORWARD.
            Api.Response v3 = post(api, "/v1/registries/shop/schemas/order-placed/versions", V2);
            assertEquals(
                    409, v3.status(), "v2 lets amount be fractional, which v2 (integer) cannot read: " + v3.text());
        }
    }

    private static java.util.List<String> tags(Api.Response schema) {
        java.util.List<String> tags = new java.util.ArrayList<>();
        schema.json().get("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    private static Set<String> names(Api.Response list) {
        assertEquals(200, list.status(), list.text());
        Set<String> names = new HashSet<>();
        list.json().get("schemas").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    static Set<String> pointers(JsonNode errors) {
        Set<String> pointers = new HashSet<>();
        errors.forEach(e -> pointers.add(e.get("pointer").asText()));
        return pointers;
    }
}
