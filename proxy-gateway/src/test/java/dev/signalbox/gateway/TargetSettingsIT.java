package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A target's delivery settings through the API: checked, stored, and used by deliveries. */
@ExtendWith(VertxExtension.class)
class TargetSettingsIT {

    @Test
    void everyBadValueIsA400WithItsPointer(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/b", "{}").status());
            Api.Response response = api.put(
                    "/v1/buses/b/rules/r",
                    """
                    {"pattern": {"type": ["t"]},
                     "targets": [{"id": "t", "type": "webhook", "url": "http://127.0.0.1:9/",
                                  "deliveryMode": "smoke-signals",
                                  "batch": {"maxEvents": 0},
                                  "limits": {"concurrency": 0, "ratePerSecond": "fast", "timeoutMillis": 5,
                                             "circuitBreaker": {"failureRatio": 2, "openMillis": 1}, "burst": 1},
                                  "connection": "not a name!",
                                  "signing": {"secret": "abc", "previousSecret": 7},
                                  "validation": "yes"}]}""");
            assertEquals(400, response.status(), response.text());
            Set<String> pointers = pointers(response.json());
            assertEquals(
                    new TreeSet<>(List.of(
                            "/targets/0/deliveryMode",
                            "/targets/0/batch",
                            "/targets/0/batch/maxEvents",
                            "/targets/0/limits/burst",
                            "/targets/0/limits/concurrency",
                            "/targets/0/limits/ratePerSecond",
                            "/targets/0/limits/timeoutMillis",
                            "/targets/0/limits/circuitBreaker/failureRatio",
                            "/targets/0/limits/circuitBreaker/openMillis",
                            "/targets/0/connection",
                            "/targets/0/signing/secret",
                            "/targets/0/signing/previousSecret",
                            "/targets/0/validation")),
                    pointers);

            Api.Response missing = api.put(
                    "/v1/buses/b/rules/r",
                    """
                    {"pattern": {"type": ["t"]},
                     "targets": [{"id": "t", "type": "webhook", "url": "http://127.0.0.1:9/", "connection": "nope"}]}""");
            assertEquals(400, missing.status());
            assertEquals("target.invalid", missing.json().get("code").textValue());
            assertEquals(Set.of("/targets/0/connection"), pointers(missing.json()));

            Api.Response badConnection = api.put(
                    "/v1/connections/c",
                    """
                    {"authorization": {"type": "oauth2", "tokenUrl": "ftp://x", "clientSecret": "****"},
                     "headers": {"content-type": "x", "bad header": "v"}, "extra": 1}""");
            assertEquals(400, badConnection.status());
            assertEquals(
                    Set.of(
                            "/extra",
                            "/authorization/tokenUrl",
                            "/authorization/clientId",
                            "/authorization/clientSecret",
                            "/headers/content-type",
                            "/headers/bad header"),
                    pointers(badConnection.json()));
        }
    }

    @Test
    void theValidationHandshakeDecidesWhetherTheRuleIsCreated(Vertx vertx, @TempDir Path dir) throws Exception {
        ConcurrentLinkedQueue<MultiMap> options = new ConcurrentLinkedQueue<>();
        HttpServer willing = vertx.createHttpServer()
                .requestHandler(request -> {
                    if (request.method() == HttpMethod.OPTIONS) {
                        options.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
                        request.response()
                                .putHeader("WebHook-Allowed-Origin", request.getHeader("WebHook-Request-Origin"))
                                .putHeader("WebHook-Allowed-Rate", "*")
                                .end();
                    } else {
                        request.response().setStatusCode(200).end();
                    }
                })
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        try (Receiver unwilling = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/b", "{}").status());
            String rule =
                    """
                    {"pattern": {"type": ["t"]},
                     "targets": [{"id": "ok", "type": "webhook", "url": "http://127.0.0.1:%d/hook", "validation": true},
                                 {"id": "no", "type": "webhook", "url": "%s", "validation": true}]}""";
            Api.Response refused =
                    api.put("/v1/buses/b/rules/r", rule.formatted(willing.actualPort(), unwilling.url()));
            assertEquals(422, refused.status(), refused.text());
            assertEquals("target.validation-failed", refused.json().get("code").textValue());
            assertEquals(Set.of("/targets/1"), pointers(refused.json()));
            assertEquals(404, api.get("/v1/buses/b/rules/r").status(), "a refused rule is not created");

            Api.Response created = api.put(
                    "/v1/buses/b/rules/r",
                    rule.formatted(willing.actualPort(), "http://127.0.0.1:" + willing.actualPort() + "/other"));
            assertEquals(201, created.status(), created.text());
            assertTrue(created.json().at("/targets/0/validation").booleanValue());
            assertEquals("signalbox", options.peek().get("WebHook-Request-Origin"));
        } finally {
            willing.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void structuredAndBatchedTargetsGetEveryEvent(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver structured = Receiver.accepting(vertx);
                Receiver batched = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/b", "{\"flush\":\"sync\"}").status());
            Api.Response rule = api.put(
                    "/v1/buses/b/rules/r",
                    """
                    {"pattern": {"type": ["t"]},
                     "targets": [{"id": "s", "type": "webhook", "url": "%s", "deliveryMode": "structured",
                                  "limits": {"concurrency": 2, "ratePerSecond": 1000, "timeoutMillis": 5000,
                                             "circuitBreaker": true}},
                                 {"id": "b", "type": "webhook", "url": "%s", "deliveryMode": "batched",
                                  "batch": {"maxEvents": 5, "maxWaitMillis": 200}}]}"""
                            .formatted(structured.url(), batched.url()));
            assertEquals(201, rule.status(), rule.text());
            JsonNode limits = rule.json().at("/targets/0/limits");
            assertEquals(2, limits.get("concurrency").intValue());
            assertEquals(5, limits.at("/circuitBreaker/consecutiveFailures").intValue());
            for (int i = 0; i < 10; i++) {
                Api.Response posted = api.postEvent(
                        "b",
                        BinaryEvent.json("e" + i, "{\"n\": " + i + ",  \"note\": \"spaced\"}")
                                .withSource("/s")
                                .withType("t")
                                .withAttributes(Map.of("tenant", "acme")));
                assertEquals(202, posted.status());
            }
            Eventually.await(
                    Duration.ofSeconds(10), () -> structured.delivered().size() == 10, () -> "10 structured");
            Eventually.await(
                    Duration.ofSeconds(10),
                    () -> batched.delivered().stream()
                                    .mapToInt(r -> entries(r).size())
                                    .sum()
                            == 10,
                    () -> "10 events in batches");
            for (Receiver.Request request : structured.delivered()) {
                assertTrue(request.header("content-type").startsWith("application/cloudevents+json"));
                String body = new String(request.body(), StandardCharsets.UTF_8);
                assertTrue(body.contains("\"tenant\":\"acme\"") && body.contains("\"note\": \"spaced\"}"), body);
            }
            for (Receiver.Request request : batched.delivered()) {
                assertTrue(request.header("content-type").startsWith("application/cloudevents-batch+json"));
                assertTrue(entries(request).size() <= 5);
            }
        }
    }

    private static List<JsonNode> entries(Receiver.Request request) {
        try {
            List<JsonNode> list = new java.util.ArrayList<>();
            Api.JSON.readTree(request.body()).forEach(list::add);
            return list;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> pointers(JsonNode problem) {
        Set<String> pointers = new TreeSet<>();
        problem.get("errors").forEach(e -> pointers.add(e.get("pointer").textValue()));
        return pointers;
    }
}
