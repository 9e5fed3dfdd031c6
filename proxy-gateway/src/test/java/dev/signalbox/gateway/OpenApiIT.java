package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.ErrorType;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document is the contract, checked against the running node: the node serves
 * exactly the document's operations (read from its router, so a new route without an operation
 * fails here), and every call below has its status, media type, required headers and body
 * checked against the operation's response for that status, its request body against the
 * request schema, and every example in the document against its schema (see {@link Contract}).
 *
 * <p>A new call belongs here: send it and pass the answer through {@code contract.check}.
 */
@ExtendWith(VertxExtension.class)
class OpenApiIT {

    private static final String JSON = "application/json";
    /** Path prefixes of the web console's pages: served by the node, but not API operations. */
    private static final List<String> NOT_API = List.of("/ui");

    @Test
    void describesWhatTheNodeServesAndEveryAnswerFitsIt(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api open = node.api().withKey(null);
            Api.Response served = open.get("/v1/openapi.json");
            assertEquals(200, served.status(), "the contract is public");
            JsonNode spec = served.json();
            assertEquals("3.1.0", spec.get("openapi").asText());
            Contract contract = new Contract(spec);
            contract.check("get /v1/openapi.json", served);

            assertRoutesAreOperations(contract, node.node().servedRoutes());
            assertEquals(List.of(), contract.brokenExamples(), "examples that break their own schemas");
            assertEveryErrorCodeIsDocumented(spec);

            Api api = node.api();
            buses(contract, api, open);
            rules(contract, api);
            events(contract, api);
            deadLetters(contract, api);
            patterns(contract, api);
            contract.check("get /v1/config", api.get("/v1/config"));
            contract.check("get /health", open.get("/health"));
            contract.check("get /ready", open.get("/ready"));
            contract.check("get /metrics", open.get("/metrics"));
            registries(contract, api);
            connections(contract, api);
            contract.check("delete /v1/buses/{bus}/rules/{rule}", expect(204, api.delete("/v1/buses/b/rules/r")));
            contract.check("delete /v1/buses/{bus}/rules/{rule}", expect(404, api.delete("/v1/buses/b/rules/r")));
            contract.check("delete /v1/buses/{bus}", expect(204, api.delete("/v1/buses/b")));
            contract.check("delete /v1/buses/{bus}", expect(404, api.delete("/v1/buses/b")));
        }
    }

    private static void buses(Contract contract, Api api, Api open) {
        String op = "put /v1/buses/{bus}";
        contract.checkRequest(op, JSON, bytes("{\"flush\":\"sync\"}"));
        contract.check(op, expect(201, api.put("/v1/buses/b", "{\"flush\":\"sync\"}")));
        contract.check(op, expect(200, api.put("/v1/buses/b", "{\"flush\":\"async\",\"description\":\"d\"}")));
        contract.check(op, expect(201, api.put("/v1/buses/dedup", "{\"deduplication\":\"on\"}")));
        contract.check(op, expect(400, api.put("/v1/buses/b", "{\"flush\":\"sometimes\"}")));
        contract.check(op, expect(400, api.put("/v1/buses/b", "{\"flush\":")));
        contract.check("get /v1/buses", expect(200, api.get("/v1/buses")));
        contract.check("get /v1/buses", expect(401, open.get("/v1/buses")));
        contract.check(
                "get /v1/buses", expect(401, api.withKey("wrong-key-wrong-key").get("/v1/buses")));
        contract.check("get /v1/buses/{bus}", expect(200, api.get("/v1/buses/b")));
        Api.Response dedup = contract.check("get /v1/buses/{bus}", expect(200, api.get("/v1/buses/dedup")));
        // The GET form is a valid PUT body, and putting it back answers the same bus.
        contract.checkRequest(op, JSON, dedup.body());
        assertEquals(
                dedup.json(),
                contract.check(op, expect(200, api.put("/v1/buses/dedup", dedup.text())))
                        .json());
        contract.check(op, expect(400, api.put("/v1/buses/b", dedup.text())));
        contract.check("get /v1/buses/{bus}", expect(404, api.get("/v1/buses/missing")));
    }

    private static void rules(Contract contract, Api api) {
        String op = "put /v1/buses/{bus}/rules/{rule}";
        String rule = "{\"pattern\":{\"type\":[\"t\"]},\"targets\":[{\"id\":\"t\",\"type\":\"webhook\","
                + "\"url\":\"http://127.0.0.1:9/\",\"retryPolicy\":{\"maxAttempts\":3}}]}";
        contract.checkRequest(op, JSON, bytes(rule));
        contract.check(op, expect(201, api.put("/v1/buses/b/rules/r", rule)));
        contract.check(op, expect(200, api.put("/v1/buses/b/rules/r", rule)));
        contract.check(
                op, expect(400, api.put("/v1/buses/b/rules/r", "{\"pattern\":{\"type\":\"t\"},\"targets\":[]}")));
        contract.check(op, expect(404, api.put("/v1/buses/missing/rules/r", rule)));
        contract.check(
                op, expect(413, api.put("/v1/buses/b/rules/r", "{\"description\":\"" + "x".repeat(5 << 20) + "\"}")));
        contract.check("get /v1/buses/{bus}/rules", expect(200, api.get("/v1/buses/b/rules")));
        Api.Response got =
                contract.check("get /v1/buses/{bus}/rules/{rule}", expect(200, api.get("/v1/buses/b/rules/r")));
        // The GET form is a valid PUT body, and putting it back answers the same rule.
        contract.checkRequest(op, JSON, got.body());
        assertEquals(
                got.json(),
                contract.check(op, expect(200, api.put("/v1/buses/b/rules/r", got.text())))
                        .json());
        contract.check("get /v1/buses/{bus}/rules/{rule}", expect(404, api.get("/v1/buses/b/rules/none")));
    }

    private static void events(Contract contract, Api api) {
        String op = "post /v1/buses/{bus}/events";
        BinaryEvent ce = BinaryEvent.text("1", "x").withSource("/s").withType("t");
        contract.check(op, expect(202, api.postEvent("b", ce)));
        contract.check(op, expect(202, api.postEvent("dedup", ce)));
        Api.Response again = api.postEvent("dedup", ce);
        assertEquals(
                "deduplicated",
                contract.check(op, expect(202, again)).json().get("status").asText());
        String structured = "{\"specversion\":\"1.0\",\"id\":\"2\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\"x\","
                + "\"time\":\"2026-11-21T10:00:00Z\",\"ext\":7,\"datacontenttype\":\"application/json\","
                + "\"data\":{\"a\":[1,2]}}";
        contract.checkRequest(op, "application/cloudevents+json", bytes(structured));
        contract.check(
                op,
                expect(
                        202,
                        api.post("/v1/buses/b/events", "application/cloudevents+json", bytes(structured), Map.of())));
        String valid = "[" + structured.replace("\"2\"", "\"3\"") + ","
                + "{\"specversion\":\"1.0\",\"id\":\"4\",\"source\":\"/s\",\"type\":\"t\",\"data_base64\":\"AAE=\"}]";
        contract.checkRequest(op, "application/cloudevents-batch+json", bytes(valid));
        // The last entry has no source: the request breaks the schema on purpose, to get a failed entry.
        String batch = valid.replace("}]", "},{\"specversion\":\"1.0\",\"id\":\"5\",\"type\":\"t\"}]");
        Api.Response batched = contract.check(
                op,
                expect(
                        200,
                        api.post("/v1/buses/b/events", "application/cloudevents-batch+json", bytes(batch), Map.of())));
        assertEquals(1, batched.json().get("failedEntryCount").asInt(), batched.text());
        contract.check(op, expect(400, api.post("/v1/buses/b/events", "text/plain", bytes("x"), Map.of("ce-id", "1"))));
        contract.check(
                op,
                expect(
                        400,
                        api.post("/v1/buses/b/events", "application/cloudevents+json", bytes("{\"id\":"), Map.of())));
        contract.check(
                op,
                expect(
                        413,
                        api.postEvent(
                                "b",
                                BinaryEvent.of("1", "text/plain", new byte[300 * 1024])
                                        .withSource("/s")
                                        .withType("t"))));
        contract.check(
                op,
                expect(415, api.post("/v1/buses/b/events", "application/cloudevents+xml", bytes("<e/>"), Map.of())));
        contract.check(op, expect(404, api.postEvent("missing", ce)));
        String find = "get /v1/buses/{bus}/events/{id}";
        contract.check(find, expect(200, api.get("/v1/buses/b/events/1")));
        contract.check(find, expect(200, api.get("/v1/buses/b/events/2")));
        contract.check(find, expect(200, api.get("/v1/buses/b/events/4?source=/s")));
        contract.check(find, expect(404, api.get("/v1/buses/b/events/nope")));
        contract.check(find, expect(404, api.get("/v1/buses/missing/events/1")));
        String deliveries = "get /v1/buses/{bus}/events/{id}/deliveries";
        contract.check(deliveries, expect(200, api.get("/v1/buses/b/events/1/deliveries")));
        contract.check(deliveries, expect(404, api.get("/v1/buses/b/events/none/deliveries")));
    }

    private static void deadLetters(Contract contract, Api api) {
        contract.check("get /v1/buses/{bus}/dead-letters", expect(200, api.get("/v1/buses/b/dead-letters")));
        contract.check("get /v1/buses/{bus}/dead-letters", expect(400, api.get("/v1/buses/b/dead-letters?limit=0")));
        contract.check(
                "get /v1/buses/{bus}/dead-letters/{deadLetterId}", expect(404, api.get("/v1/buses/b/dead-letters/7")));
        String redrive = "post /v1/buses/{bus}/dead-letters/redrive";
        contract.checkRequest(redrive, JSON, bytes("{\"all\":true}"));
        contract.check(
                redrive,
                expect(200, api.post("/v1/buses/b/dead-letters/redrive", JSON, bytes("{\"all\":true}"), Map.of())));
        contract.check(redrive, expect(400, api.post("/v1/buses/b/dead-letters/redrive", JSON, bytes("{}"), Map.of())));
    }

    private static void patterns(Contract contract, Api api) {
        String op = "post /v1/test-event-pattern";
        String matches = "{\"pattern\":{\"type\":[\"t\"]},\"event\":{\"type\":\"t\"}}";
        String fails = "{\"pattern\":{\"type\":[\"t\"],\"data\":{\"n\":[{\"numeric\":[\">\",5]}]}},"
                + "\"event\":{\"type\":\"u\",\"data\":{\"n\":1}}}";
        contract.checkRequest(op, JSON, bytes(matches));
        contract.checkRequest(op, JSON, bytes(fails));
        contract.check(op, expect(200, api.post("/v1/test-event-pattern", JSON, bytes(matches), Map.of())));
        Api.Response wrongMethod = expect(405, api.delete("/v1/test-event-pattern"));
        assertEquals("POST", wrongMethod.headers().firstValue("allow").orElse(""), "RFC 9110: 405 names the methods");
        contract.checkDefault(op, wrongMethod);
        contract.check(op, expect(200, api.post("/v1/test-event-pattern", JSON, bytes(fails), Map.of())));
        contract.check(op, expect(200, api.post("/v1/test-event-pattern?explain=true", JSON, bytes(fails), Map.of())));
        contract.check(
                op,
                expect(
                        400,
                        api.post(
                                "/v1/test-event-pattern",
                                JSON,
                                bytes("{\"pattern\":{\"type\":\"t\"},\"event\":{}}"),
                                Map.of())));
        contract.check(op, expect(400, api.post("/v1/test-event-pattern", JSON, bytes("{"), Map.of())));
        String event = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\"}";
        String filterMatches = "{\"filter\":{\"cesql\":\"type = 't'\"},\"event\":" + event + "}";
        String filterFails = "{\"filter\":{\"cesql\":\"missing = 'x'\"},\"event\":" + event + "}";
        contract.checkRequest(op, JSON, bytes(filterMatches));
        contract.check(op, expect(200, api.post("/v1/test-event-pattern", JSON, bytes(filterMatches), Map.of())));
        contract.check(
                op, expect(200, api.post("/v1/test-event-pattern?explain=true", JSON, bytes(filterFails), Map.of())));
        for (String bad : List.of(
                "{\"filter\":{\"cesql\":\"NOSUCH(type)\"},\"event\":" + event + "}",
                "{\"pattern\":{\"type\":[\"t\"]},\"event\":{},\"extra\":1}",
                "{\"pattern\":{\"type\":[\"t\"]},\"event\":\"text\"}",
                "{\"filter\":{\"cesql\":\"type = 't'\"},\"event\":{\"type\":\"t\"}}")) {
            contract.check(op, expect(400, api.post("/v1/test-event-pattern", JSON, bytes(bad), Map.of())));
        }
    }

    private static void connections(Contract contract, Api api) {
        String connection = "{\"authorization\":{\"type\":\"apiKey\",\"header\":\"x-key\",\"value\":\"v\"}}";
        contract.checkRequest("put /v1/connections/{name}", JSON, bytes(connection));
        contract.check("put /v1/connections/{name}", expect(201, api.put("/v1/connections/c", connection)));
        contract.check("put /v1/connections/{name}", expect(200, api.put("/v1/connections/c", connection)));
        contract.check("put /v1/connections/{name}", expect(400, api.put("/v1/connections/c", "{}")));
        contract.check("get /v1/connections/{name}", expect(200, api.get("/v1/connections/c")));
        contract.check("get /v1/connections/{name}", expect(404, api.get("/v1/connections/none")));
        contract.check("get /v1/connections", expect(200, api.get("/v1/connections")));
        contract.check("put /v1/buses/{bus}", expect(201, api.put("/v1/buses/c", "{}")));
        String rule = "put /v1/buses/{bus}/rules/{rule}";
        String withConnection = "{\"pattern\":{\"type\":[\"t\"]},\"targets\":[{\"id\":\"t\",\"type\":\"webhook\","
                + "\"url\":\"http://127.0.0.1:9/\",\"connection\":\"c\"}]}";
        contract.checkRequest(rule, JSON, bytes(withConnection));
        contract.check(rule, expect(201, api.put("/v1/buses/c/rules/r", withConnection)));
        contract.check("delete /v1/connections/{name}", expect(409, api.delete("/v1/connections/c")));
        String validated = "{\"pattern\":{\"type\":[\"t\"]},\"targets\":[{\"id\":\"t\",\"type\":\"webhook\","
                + "\"url\":\"http://127.0.0.1:9/\",\"validation\":true}]}";
        contract.check(rule, expect(422, api.put("/v1/buses/c/rules/v", validated)));
        contract.check("delete /v1/buses/{bus}/rules/{rule}", expect(204, api.delete("/v1/buses/c/rules/r")));
        contract.check("delete /v1/connections/{name}", expect(204, api.delete("/v1/connections/c")));
        contract.check("delete /v1/connections/{name}", expect(404, api.delete("/v1/connections/c")));
    }

    private static void registries(Contract contract, Api api) {
        String r = "/v1/registries/{registry}";
        String s = r + "/schemas/{schema}";
        contract.check("put " + r, expect(201, api.put("/v1/registries/reg", "{}")));
        contract.check("put " + r, expect(200, api.put("/v1/registries/reg", "{\"compatibility\":\"FULL\"}")));
        contract.check("put " + r, expect(400, api.put("/v1/registries/reg", "{\"compatibility\":\"no\"}")));
        contract.check("get /v1/registries", expect(200, api.get("/v1/registries")));
        contract.check("get " + r, expect(200, api.get("/v1/registries/reg")));
        contract.check("get " + r, expect(404, api.get("/v1/registries/none")));
        String versions = "/v1/registries/reg/schemas/s/versions";
        String v1 = "{\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}}";
        contract.checkRequest("post " + s + "/versions", JSON, bytes(v1));
        contract.check("post " + s + "/versions", expect(201, SchemaRegistryIT.post(api, versions, v1)));
        contract.check("post " + s + "/versions", expect(200, SchemaRegistryIT.post(api, versions, v1)));
        contract.check(
                "post " + s + "/versions",
                expect(400, SchemaRegistryIT.post(api, versions, "{\"schema\":{\"type\":1}}")));
        contract.check(
                "post " + s + "/versions",
                expect(
                        409,
                        SchemaRegistryIT.post(
                                api,
                                versions,
                                "{\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}")));
        contract.check("get " + r + "/schemas", expect(200, api.get("/v1/registries/reg/schemas?q=a")));
        contract.check("get " + s, expect(200, api.get("/v1/registries/reg/schemas/s")));
        contract.check("get " + s, expect(404, api.get("/v1/registries/reg/schemas/t")));
        contract.check("put " + s, expect(200, api.put("/v1/registries/reg/schemas/s", "{\"tags\":[\"x\"]}")));
        contract.check("get " + s + "/versions/{version}", expect(200, api.get(versions + "/latest")));
        contract.check("get " + s + "/versions/{version}/example", expect(200, api.get(versions + "/1/example")));
        String bindings = "get " + s + "/versions/{version}/bindings/";
        contract.check(bindings + "java", expect(200, api.get(versions + "/1/bindings/java?package=com.example")));
        contract.check(bindings + "java", expect(400, api.get(versions + "/1/bindings/java?package=com..example")));
        contract.check(bindings + "typescript", expect(200, api.get(versions + "/latest/bindings/typescript")));
        contract.check(
                "post " + s + "/compatibility",
                expect(200, SchemaRegistryIT.post(api, "/v1/registries/reg/schemas/s/compatibility", v1)));
        contract.check("get " + s + "/diff", expect(200, api.get("/v1/registries/reg/schemas/s/diff?from=1&to=1")));
        contract.check("get " + s + "/diff", expect(400, api.get("/v1/registries/reg/schemas/s/diff?from=x")));
        contract.check("get " + s + "/usage", expect(200, api.get("/v1/registries/reg/schemas/s/usage")));
        String guarded = "{\"schemaEnforcement\":\"reject\",\"registry\":\"reg\",\"discovery\":\"on\","
                + "\"schemas\":[{\"type\":\"t\",\"schema\":\"s\"}]}";
        contract.checkRequest("put /v1/buses/{bus}", JSON, bytes(guarded));
        contract.check("put /v1/buses/{bus}", expect(201, api.put("/v1/buses/guarded", guarded)));
        contract.check(
                "post /v1/buses/{bus}/events",
                expect(
                        422,
                        api.postEvent(
                                "guarded",
                                BinaryEvent.of("g1", JSON, bytes("{\"a\":\"not an integer\"}"))
                                        .withSource("/s")
                                        .withType("t"))));
        contract.check("delete " + s, expect(409, api.delete("/v1/registries/reg/schemas/s")));
        contract.check("delete " + r, expect(409, api.delete("/v1/registries/reg")));
        contract.check("delete /v1/buses/{bus}", expect(204, api.delete("/v1/buses/guarded")));
        contract.check("delete " + s, expect(204, api.delete("/v1/registries/reg/schemas/s")));
        contract.check("delete " + r, expect(204, api.delete("/v1/registries/reg")));
        contract.check("delete " + r, expect(404, api.delete("/v1/registries/reg")));
    }

    /** Every route bound to a method, the console's pages aside, is an operation, and back. */
    private static void assertRoutesAreOperations(Contract contract, List<String> routes) {
        // Parameter names are the code's and the document's own business: compare the templates.
        Set<String> operations = new TreeSet<>();
        contract.operations().forEach(operation -> operations.add(operation.replaceAll("\\{[^}]+}", "{}")));
        Set<String> served = new TreeSet<>();
        List<String> undocumented = new ArrayList<>();
        for (String route : routes) {
            String[] parts = route.split(" ", 2);
            String operation =
                    parts[0].toLowerCase(java.util.Locale.ROOT) + " " + parts[1].replaceAll(":[A-Za-z0-9_]+", "{}");
            served.add(operation);
            boolean isPage = NOT_API.stream().anyMatch(parts[1]::startsWith) && !parts[1].startsWith("/v1/");
            if (!operations.contains(operation) && !isPage) {
                undocumented.add(route);
            }
        }
        assertEquals(List.of(), undocumented, "routes the node serves without an operation in the contract");
        Set<String> phantom = new TreeSet<>(operations);
        phantom.removeAll(served);
        assertEquals(Set.of(), phantom, "operations in the contract the node does not serve");
    }

    private static void assertEveryErrorCodeIsDocumented(JsonNode spec) {
        Set<String> documented = new TreeSet<>();
        spec.at("/components/schemas/Problem/properties/code/enum").forEach(code -> documented.add(code.asText()));
        Set<String> missing = new TreeSet<>();
        for (ErrorType type : ErrorType.values()) {
            if (!documented.contains(type.code())) {
                missing.add(type.code());
            }
        }
        assertEquals(Set.of(), missing, "error codes the node answers that Problem.code does not list");
    }

    private static Api.Response expect(int status, Api.Response response) {
        assertEquals(status, response.status(), response.text());
        return response;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
