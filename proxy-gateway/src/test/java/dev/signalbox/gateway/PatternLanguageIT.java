package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The EventBridge operators through the API: in rules that route, and in test-event-pattern with explain. */
@ExtendWith(VertxExtension.class)
class PatternLanguageIT {

    @Test
    void rulesWithOperatorsRouteWhatTheyMatch(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/buses/ops", "{}");
            String rule =
                    """
                    {"pattern": {"source": [{"prefix": "/shop/"}],
                                 "data": {"total": [{"numeric": [">", 100, "<=", 1000]}],
                                          "country": [{"anything-but": ["XX"]}],
                                          "coupon": [{"exists": false}]}},
                     "targets": [{"id": "hook", "type": "webhook", "url": "%s"}]}"""
                            .formatted(receiver.url());
            assertEquals(201, api.put("/v1/buses/ops/rules/big-orders", rule).status());
            post(api, "match", "/shop/berlin", "{\"total\": 250, \"country\": \"DE\"}");
            post(api, "too-small", "/shop/berlin", "{\"total\": 50, \"country\": \"DE\"}");
            post(api, "excluded", "/shop/berlin", "{\"total\": 250, \"country\": \"XX\"}");
            post(api, "coupon", "/shop/berlin", "{\"total\": 250, \"country\": \"DE\", \"coupon\": \"X1\"}");
            post(api, "other-source", "/warehouse", "{\"total\": 250, \"country\": \"DE\"}");
            Eventually.await(Duration.ofSeconds(10), () -> node.isRouted("ops"), () -> "routing to finish");
            Set<String> delivered = receiver.delivered().stream()
                    .map(r -> BinaryMode.decode(r.header("ce-id")))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of("match"), delivered);
        }
    }

    @Test
    void explainSaysWhichConditionFailed(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            String body =
                    """
                    {"pattern": {"type": ["order.created"], "data": {"total": [{"numeric": [">", 100]}]}},
                     "event": {"type": "order.created", "data": {"total": 42}}}""";
            JsonNode answer = node.api()
                    .post(
                            "/v1/test-event-pattern?explain=true",
                            "application/json",
                            body.getBytes(StandardCharsets.UTF_8),
                            Map.of())
                    .json();
            assertFalse(answer.get("result").asBoolean());
            JsonNode why = answer.get("explanation");
            assertEquals("/data/total", why.get("patternPointer").asText(), answer.toString());
            assertEquals("/data/total", why.get("eventPath").asText(), answer.toString());
            assertFalse(why.get("reason").asText().isBlank());
        }
    }

    private static void post(Api api, String id, String source, String data) {
        Api.Response response = api.postEvent(
                "ops", BinaryEvent.json(id, data).withSource(source).withType("order"));
        assertEquals(202, response.status(), response.text());
    }
}
