package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind gets a 4xx {@code application/problem+json} that names the problem
 * (its code, and the JSON Pointer of the offending member where there is one); nothing answers
 * 5xx and the node keeps serving.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    private static final String EVENTS = "/v1/buses/orders/events";
    private static final String STRUCTURED = "application/cloudevents+json";
    private static final String TIGHT = "/v1/buses/tight/events";
    private static final String TIGHT_LIMITS = "{\"limits\": {\"maxEventBytes\": 65536, \"maxBatchEntries\": 2,"
            + " \"maxBatchBytes\": 65536, \"maxHeaderBytes\": 4096}}";

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/buses/orders", "{\"flush\":\"sync\"}").status());
        assertEquals(201, api.put("/v1/buses/tight", TIGHT_LIMITS).status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    /** A case: what is sent, and the status, code and pointer the problem must carry. */
    record Case(String name, Function<Api, Api.Response> send, int status, String code, String pointer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(structured("malformed JSON", "{\"specversion\": \"1.0\", \"id\": ", 400, "event.malformed", null));
        cases.add(structured("not an object", "[1, 2]", 400, "event.malformed", null));
        for (String required : List.of("id", "source", "specversion", "type")) {
            Map<String, String> attributes = validAttributes();
            attributes.remove(required);
            cases.add(structured(
                    "structured without " + required, json(attributes), 400, "event.invalid", "/" + required));
            cases.add(binary("binary without " + required, attributes, 400, "event.invalid", "/" + required));
        }
        Map<String, String> oldVersion = validAttributes();
        oldVersion.put("specversion", "0.3");
        cases.add(structured("specversion 0.3", json(oldVersion), 400, "event.invalid", "/specversion"));
        cases.add(binary("binary specversion 0.3", oldVersion, 400, "event.invalid", "/specversion"));
        Map<String, String> badTime = validAttributes();
        badTime.put("time", "yesterday");
        cases.add(structured("bad time", json(badTime), 400, "event.invalid", "/time"));
        Map<String, String> badName = validAttributes();
        badName.put("Bad_Name", "x");
        cases.add(structured("bad attribute name", json(badName), 400, "event.invalid", "/Bad_Name"));
        cases.add(new Case(
                "data and data_base64",
                a -> a.post(
                        EVENTS,
                        STRUCTURED,
                        bytes(json(validAttributes()).replace("}", ",\"data\":1,\"data_base64\":\"AA==\"}")),
                        Map.of()),
                400,
                "event.invalid",
                null));
        cases.add(new Case(
                "unknown structured format",
                a -> a.post(EVENTS, "application/cloudevents+xml", bytes("<event/>"), Map.of()),
                415,
                "media-type.unsupported",
                null));
        cases.add(new Case(
                "event over 256 KiB",
                a -> a.post(EVENTS, "application/octet-stream", new byte[300 * 1024], binaryHeaders(validAttributes())),
                413,
                "event.too-large",
                null));
        cases.add(new Case(
                "unknown bus",
                a -> a.post("/v1/buses/nope/events", STRUCTURED, bytes(json(validAttributes())), Map.of()),
                404,
                "bus.not-found",
                null));
        cases.add(new Case("unknown event id", a -> a.get(EVENTS + "/missing"), 404, "event.not-found", null));
        cases.add(new Case("missing key", a -> a.withKey(null).get("/v1/buses"), 401, "auth.missing", null));
        cases.add(new Case(
                "wrong key", a -> a.withKey("not-the-key-at-all").get("/v1/buses"), 401, "auth.invalid", null));
        cases.add(new Case("unknown route", a -> a.get("/v1/nothing-here"), 404, "route.not-found", null));
        cases.add(new Case("wrong method", a -> a.delete("/v1/test-event-pattern"), 405, "method.not-allowed", null));
        cases.add(new Case(
                "malformed bus body", a -> a.put("/v1/buses/b1", "{\"flush\":"), 400, "request.malformed", null));
        cases.add(new Case(
                "bad flush",
                a -> a.put("/v1/buses/b1", "{\"flush\":\"sometimes\"}"),
                400,
                "request.invalid",
                "/flush"));
        cases.add(new Case("bad bus name", a -> a.put("/v1/buses/bad%20name", "{}"), 400, "request.invalid", null));
        cases.add(rule("pattern leaf not an array", "{\"source\": \"shop\"}", "/pattern/source"));
        cases.add(rule("pattern with an object in a value list", "{\"type\": [{\"a\": 1}]}", "/pattern/type/0"));
        cases.add(rule("nested pattern leaf not an array", "{\"data\": {\"amount\": 5}}", "/pattern/data/amount"));
        cases.add(rule(
                "pattern holding more values than a rule may",
                "{\"source\": [" + String.join(",", java.util.Collections.nCopies(4097, "\"s\"")) + "]}",
                "/pattern"));
        cases.add(new Case(
                "rule without targets",
                a -> a.put("/v1/buses/orders/rules/r1", "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": []}"),
                400,
                "request.invalid",
                "/targets"));
        cases.add(new Case(
                "rule target with a bad URL",
                a -> a.put(
                        "/v1/buses/orders/rules/r1",
                        "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": [{\"id\": \"t\", \"type\": \"webhook\", \"url\": \"ftp://x\"}]}"),
                400,
                "request.invalid",
                "/targets/0/url"));
        cases.add(new Case(
                "rule on an unknown bus",
                a -> a.put("/v1/buses/nope/rules/r1", "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": []}"),
                404,
                "bus.not-found",
                null));
        cases.add(new Case(
                "test-event-pattern with a bad pattern",
                a -> a.post(
                        "/v1/test-event-pattern",
                        "application/json",
                        bytes("{\"pattern\": {\"source\": \"x\"}, \"event\": {}}"),
                        Map.of()),
                400,
                "pattern.invalid",
                "/pattern/source"));
        Map<String, String> badBase64 = validAttributes();
        badBase64.put("data_base64", "not*base64!");
        cases.add(structured("data_base64 not base64", json(badBase64), 400, "event.invalid", "/data_base64"));
        cases.add(structured(
                "extension with an object value",
                json(validAttributes()).replace("}", ",\"ext\":{\"a\":1}}"),
                400,
                "event.invalid",
                "/ext"));
        cases.add(structured(
                "integer extension beyond int32",
                json(validAttributes()).replace("}", ",\"big\":4294967296}"),
                400,
                "event.invalid",
                "/big"));
        for (String[] bad : new String[][] {
            {"datacontenttype", "not a media type"},
            {"dataschema", "relative/path"},
            {"id", ""},
            {"source", ""},
            {"type", ""},
            {"subject", ""},
            {"time", "2026-13-01T00:00:00Z"},
            {"time", "2026-11-21"}
        }) {
            Map<String, String> attributes = validAttributes();
            attributes.put(bad[0], bad[1]);
            cases.add(structured(bad[0] + " = '" + bad[1] + "'", json(attributes), 400, "event.invalid", "/" + bad[0]));
        }
        cases.add(structured(
                "subject with a control character",
                json(validAttributes()).replace("}", ",\"subject\":\"a\\u0000b\"}"),
                400,
                "event.invalid",
                "/subject"));
        cases.add(structured(
                "extension with an unpaired surrogate",
                json(validAttributes()).replace("}", ",\"ext\":\"a\\ud800\"}"),
                400,
                "event.invalid",
                "/ext"));
        Map<String, String> encodedNewline = validAttributes();
        encodedNewline.put("subject", "two%0Alines");
        cases.add(binary("binary subject with an encoded newline", encodedNewline, 400, "event.invalid", "/subject"));
        Map<String, String> binaryBadTime = validAttributes();
        binaryBadTime.put("time", "noon");
        cases.add(binary("binary bad time", binaryBadTime, 400, "event.invalid", "/time"));
        cases.add(new Case(
                "batch that is not an array",
                a -> a.post(EVENTS, "application/cloudevents-batch+json", bytes(json(validAttributes())), Map.of()),
                400,
                "event.malformed",
                null));
        cases.add(new Case(
                "malformed batch JSON",
                a -> a.post(EVENTS, "application/cloudevents-batch+json", bytes("[{\"id\":"), Map.of()),
                400,
                "event.malformed",
                null));
        cases.add(new Case(
                "batch over the entry limit",
                a -> a.post(EVENTS, "application/cloudevents-batch+json", bytes(batchOf(1001)), Map.of()),
                413,
                "batch.too-large",
                null));
        cases.add(
                new Case("event on an unknown bus", a -> a.get("/v1/buses/nope/events/x"), 404, "bus.not-found", null));
        cases.add(new Case("unknown rule", a -> a.get("/v1/buses/orders/rules/nope"), 404, "rule.not-found", null));
        cases.add(new Case(
                "delete an unknown rule", a -> a.delete("/v1/buses/orders/rules/nope"), 404, "rule.not-found", null));
        cases.add(new Case("delete an unknown bus", a -> a.delete("/v1/buses/nope"), 404, "bus.not-found", null));
        cases.add(new Case(
                "bus with an unknown field",
                a -> a.put("/v1/buses/b2", "{\"colour\":\"red\"}"),
                400,
                "request.invalid",
                "/colour"));
        cases.add(new Case("bus body an array", a -> a.put("/v1/buses/b2", "[]"), 400, "request.invalid", null));
        cases.add(new Case(
                "bus description too long",
                a -> a.put("/v1/buses/b2", "{\"description\":\"" + "x".repeat(600) + "\"}"),
                400,
                "request.invalid",
                "/description"));
        cases.add(new Case(
                "bad deduplication",
                a -> a.put("/v1/buses/b2", "{\"deduplication\":\"maybe\"}"),
                400,
                "request.invalid",
                "/deduplication"));
        cases.add(new Case(
                "schema enforcement without a registry",
                a -> a.put("/v1/buses/b2", "{\"schemaEnforcement\":\"reject\"}"),
                400,
                "request.invalid",
                "/registry"));
        cases.add(new Case(
                "an enforcement mode that does not exist",
                a -> a.put("/v1/buses/b2", "{\"schemaEnforcement\":\"sometimes\",\"registry\":\"r\"}"),
                400,
                "request.invalid",
                "/schemaEnforcement"));
        cases.add(new Case(
                "a registry that does not exist",
                a -> a.put("/v1/buses/b2", "{\"schemaEnforcement\":\"flag\",\"registry\":\"nowhere\"}"),
                400,
                "request.invalid",
                "/registry"));
        cases.add(new Case(
                "a schema mapping with neither type nor dataschema",
                a -> a.put("/v1/buses/b2", "{\"registry\":\"r\",\"schemas\":[{\"schema\":\"s\"}]}"),
                400,
                "request.invalid",
                "/schemas/0"));
        cases.add(ruleBody("rule with an unknown field", "\"colour\": \"red\", ", TARGET, "/colour"));
        cases.add(ruleBody("rule with a bad state", "\"state\": \"paused\", ", TARGET, "/state"));
        cases.add(ruleBody("target of an unknown type", "", TARGET.replace("webhook", "lambda"), "/targets/0/type"));
        cases.add(new Case(
                "target with an empty transform",
                a -> a.put(
                        "/v1/buses/orders/rules/r2",
                        "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": ["
                                + TARGET.replace("}", ", \"transform\": {}}") + "]}"),
                400,
                "transform.invalid",
                "/targets/0/transform"));
        cases.add(new Case(
                "rule filter that is not CloudEvents SQL",
                a -> a.put(
                        "/v1/buses/orders/rules/r2",
                        "{\"filter\": {\"cesql\": \"type ==== 1\"}, \"targets\": [" + TARGET + "]}"),
                400,
                "pattern.invalid",
                "/filter/cesql"));
        cases.add(ruleBody("duplicate target ids", "", TARGET + ", " + TARGET, "/targets/1/id"));
        cases.add(ruleBody(
                "target URL without a host", "", TARGET.replace("http://127.0.0.1:9/", "http:///x"), "/targets/0/url"));
        cases.add(ruleBody(
                "target URL with credentials", "", TARGET.replace("http://", "http://user:pw@"), "/targets/0/url"));
        cases.add(ruleBody(
                "retry attempts out of range",
                "",
                TARGET.replace("}", ", \"retryPolicy\": {\"maxAttempts\": 999}}"),
                "/targets/0/retryPolicy/maxAttempts"));
        cases.add(ruleBody(
                "retry age out of range",
                "",
                TARGET.replace("}", ", \"retryPolicy\": {\"maxEventAgeSeconds\": 10}}"),
                "/targets/0/retryPolicy/maxEventAgeSeconds"));
        cases.add(new Case(
                "rule body malformed",
                a -> a.put("/v1/buses/orders/rules/r2", "{\"pattern\":"),
                400,
                "request.malformed",
                null));
        cases.add(new Case(
                "rule without a pattern",
                a -> a.put("/v1/buses/orders/rules/r2", "{\"targets\": [" + TARGET + "]}"),
                400,
                "request.invalid",
                "/pattern"));
        cases.add(new Case(
                "test-event-pattern without an event",
                a -> a.post(
                        "/v1/test-event-pattern",
                        "application/json",
                        bytes("{\"pattern\": {\"type\": [\"x\"]}}"),
                        Map.of()),
                400,
                "request.invalid",
                "/event"));
        cases.add(new Case(
                "test-event-pattern malformed",
                a -> a.post("/v1/test-event-pattern", "application/json", bytes("{"), Map.of()),
                400,
                "request.malformed",
                null));
        cases.add(new Case(
                "redrive filter with a misspelt member",
                a -> a.post(
                        "/v1/buses/orders/dead-letters/redrive",
                        "application/json",
                        bytes("{\"filter\": {\"rules\": \"gold\"}}"),
                        Map.of()),
                400,
                "request.invalid",
                "/filter/rules"));
        cases.add(new Case(
                "API key with a line break",
                a -> a.put(
                        "/v1/connections/crlf",
                        "{\"authorization\": {\"type\": \"apiKey\", \"header\": \"x-api-key\","
                                + " \"value\": \"k1\\r\\nx-injected: 1\"}}"),
                400,
                "request.invalid",
                "/authorization/value"));
        cases.add(new Case(
                "schema with a $ref the node cannot resolve",
                a -> {
                    a.put("/v1/registries/refs", "{}");
                    return a.post(
                            "/v1/registries/refs/schemas/remote/versions",
                            "application/json",
                            bytes("{\"schema\": {\"$ref\": \"http://127.0.0.1:9/order.json\"}}"),
                            Map.of());
                },
                400,
                "schema.invalid",
                "/schema"));
        cases.add(new Case(
                "basic auth instead of a bearer key",
                a -> a.withKey(null)
                        .send(a.withKey(null)
                                .request("/v1/buses")
                                .header("authorization", "Basic dXNlcjpwdw==")
                                .GET()),
                401,
                "auth.missing",
                null));
        Map<String, String> longId = validAttributes();
        longId.put("id", "i".repeat(1025));
        cases.add(binary("binary id over 1024 bytes", longId, 400, "event.invalid", "/id"));
        cases.add(structured("structured id over 1024 bytes", json(longId), 400, "event.invalid", "/id"));
        cases.add(new Case(
                "headers over 64 KiB",
                a -> a.post(
                        EVENTS,
                        "text/plain",
                        bytes("x"),
                        Map.of(
                                "ce-specversion",
                                "1.0",
                                "ce-id",
                                "h",
                                "ce-source",
                                "/s",
                                "ce-type",
                                "t",
                                "x-big",
                                "b".repeat(70 * 1024))),
                431,
                "request.headers-too-large",
                null));
        cases.add(new Case(
                "batch body over the byte limit",
                a -> a.post(EVENTS, "application/cloudevents-batch+json", new byte[5 * 1024 * 1024], Map.of()),
                413,
                "batch.too-large",
                null));
        busLimitCases(cases);
        return cases.stream().map(Arguments::of);
    }

    /** The limits of bus {@code tight}, lower than the node's, and bus limits out of bounds. */
    private static void busLimitCases(List<Case> cases) {
        cases.add(new Case(
                "binary event over the bus's 64 KiB",
                a -> a.post(TIGHT, "application/octet-stream", new byte[70 * 1024], binaryHeaders(validAttributes())),
                413,
                "event.too-large",
                null));
        String big = json(validAttributes()).replace("}", ",\"data\":\"" + "x".repeat(70 * 1024) + "\"}");
        cases.add(new Case(
                "structured event over the bus's 64 KiB",
                a -> a.post(TIGHT, STRUCTURED, bytes(big), Map.of()),
                413,
                "event.too-large",
                null));
        cases.add(new Case(
                "batch over the bus's entries",
                a -> a.post(TIGHT, "application/cloudevents-batch+json", bytes(batchOf(3)), Map.of()),
                413,
                "batch.too-large",
                null));
        cases.add(new Case(
                "batch over the bus's bytes",
                a -> a.post(TIGHT, "application/cloudevents-batch+json", bytes("[" + big + "]"), Map.of()),
                413,
                "batch.too-large",
                null));
        cases.add(new Case(
                "headers over the bus's limit",
                a -> a.post(TIGHT, STRUCTURED, bytes(json(validAttributes())), Map.of("x-big", "b".repeat(5000))),
                431,
                "request.headers-too-large",
                null));
        cases.add(busLimits("bus event limit under 64 KiB", "{\"maxEventBytes\": 1024}", "/limits/maxEventBytes"));
        cases.add(
                busLimits("bus limit over the node's bound", "{\"maxBatchEntries\": 5000}", "/limits/maxBatchEntries"));
        cases.add(busLimits("bus limits not an object", "[]", "/limits"));
        cases.add(busLimits("unknown bus limit", "{\"maxRate\": 5}", "/limits/maxRate"));
    }

    private static Case busLimits(String name, String limits, String pointer) {
        return new Case(
                name, a -> a.put("/v1/buses/b2", "{\"limits\": " + limits + "}"), 400, "request.invalid", pointer);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAProblemNamingWhatWasWrong(Case c) {
        Api.Response response = c.send().apply(api);
        assertEquals(c.status(), response.status(), c.name() + ": " + response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonNode problem = response.json();
        assertEquals(c.code(), problem.path("code").asText(), response.text());
        assertEquals("urn:signalbox:problem:" + c.code(), problem.path("type").asText());
        assertEquals(c.status(), problem.path("status").asInt());
        assertTrue(!problem.path("detail").asText().isBlank(), "a detail says what was wrong");
        if (c.pointer() != null) {
            List<String> pointers = new ArrayList<>();
            problem.path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
            assertTrue(pointers.contains(c.pointer()), "errors name " + c.pointer() + ": " + response.text());
        }
        if (c.status() == 401) {
            assertTrue(response.headers().firstValue("www-authenticate").isPresent());
        }
        assertEquals(200, api.get("/health").status(), "the node keeps serving");
    }

    @Test
    void overLimitProblemsSayTheLimit() {
        Api.Response headers =
                api.post(EVENTS, "text/plain", bytes("x"), Map.of("x-big", "b".repeat(70 * 1024), "ce-id", "h"));
        assertEquals(431, headers.status());
        assertTrue(headers.json().get("detail").asText().contains("65536 bytes"), headers.text());
        Api.Response body = api.post(EVENTS, "application/cloudevents-batch+json", new byte[5 * 1024 * 1024], Map.of());
        assertTrue(
                body.json().get("detail").asText().matches(".*than the \\d+ bytes this node accepts.*"), body.text());
        Api.Response entries = api.post(EVENTS, "application/cloudevents-batch+json", bytes(batchOf(1001)), Map.of());
        assertTrue(entries.json().get("detail").asText().contains("1000"), entries.text());
        Api.Response uri = api.get("/v1/buses/" + "u".repeat(5000));
        assertEquals(414, uri.status(), uri.text());
        assertEquals("request.uri-too-long", uri.json().get("code").asText());
        assertTrue(uri.json().get("detail").asText().contains("4096 bytes"), uri.text());
        assertEquals(200, api.get("/health").status(), "the node keeps serving");
    }

    @Test
    void aBatchStoresTheGoodEntriesAndReportsTheBadOnesInPlace() {
        Map<String, String> bad = validAttributes();
        bad.remove("source");
        Map<String, String> good = validAttributes();
        good.put("id", "batch-good");
        String batch = "[" + json(good) + "," + json(bad) + "]";
        Api.Response response = api.post(EVENTS, "application/cloudevents-batch+json", bytes(batch), Map.of());
        assertEquals(200, response.status(), response.text());
        JsonNode result = response.json();
        assertEquals(1, result.get("failedEntryCount").asInt());
        assertEquals("batch-good", result.get("entries").get(0).get("id").asText());
        assertEquals(
                "event.invalid", result.get("entries").get(1).get("errorCode").asText());
        assertTrue(result.get("entries").get(1).get("errorMessage").asText().contains("/source"));
        assertEquals(200, api.get(EVENTS + "/batch-good").status());
        Api.Response notAnObject = api.post(EVENTS, "application/cloudevents-batch+json", bytes("[1]"), Map.of());
        assertEquals(
                "A batch entry must be a JSON object, not a number.",
                notAnObject.json().get("entries").get(0).get("errorMessage").asText(),
                "said once");
    }

    private static Case structured(String name, String body, int status, String code, String pointer) {
        return new Case(name, a -> a.post(EVENTS, STRUCTURED, bytes(body), Map.of()), status, code, pointer);
    }

    private static Case binary(String name, Map<String, String> attributes, int status, String code, String pointer) {
        return new Case(
                name,
                a -> a.post(EVENTS, "application/json", bytes("{}"), binaryHeaders(attributes)),
                status,
                code,
                pointer);
    }

    private static final String TARGET = "{\"id\": \"t\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/\"}";

    private static Case ruleBody(String name, String before, String targets, String pointer) {
        String body = "{" + before + "\"pattern\": {\"type\": [\"x\"]}, \"targets\": [" + targets + "]}";
        return new Case(name, a -> a.put("/v1/buses/orders/rules/r2", body), 400, "request.invalid", pointer);
    }

    private static String batchOf(int entries) {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < entries; i++) {
            batch.append(i == 0 ? "" : ",").append(json(validAttributes()));
        }
        return batch.append("]").toString();
    }

    private static Case rule(String name, String pattern, String pointer) {
        String body = "{\"pattern\": " + pattern
                + ", \"targets\": [{\"id\": \"t\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/\"}]}";
        return new Case(name, a -> a.put("/v1/buses/orders/rules/bad", body), 400, "pattern.invalid", pointer);
    }

    private static Map<String, String> validAttributes() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "e-1");
        attributes.put("source", "/test");
        attributes.put("type", "test.event");
        return attributes;
    }

    private static Map<String, String> binaryHeaders(Map<String, String> attributes) {
        Map<String, String> headers = new HashMap<>();
        attributes.forEach((k, v) -> headers.put("ce-" + k, v));
        return headers;
    }

    private static String json(Map<String, String> attributes) {
        try {
            return Api.JSON.writeValueAsString(attributes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
