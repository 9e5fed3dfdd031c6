package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Target transforms and CloudEvents SQL filter rules through the API: what each target receives,
 * what a filter rule routes, and how broken ones are refused when the rule is created.
 */
@ExtendWith(VertxExtension.class)
class TransformFilterIT {

    private static final String ORDER =
            """
            {"order": {"id": "o-1", "note": "say \\"hi\\"\\nback\\\\slash ü"},
             "items": [{"sku": "A", "price": 1.5}, {"sku": "B", "price": 2}]}""";

    @Test
    void eachTargetReceivesItsTransformOfTheEvent(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir);
                Receiver original = Receiver.accepting(vertx);
                Receiver path = Receiver.accepting(vertx);
                Receiver template = Receiver.accepting(vertx);
                Receiver jsonata = Receiver.accepting(vertx);
                Receiver failing = Receiver.accepting(vertx)) {
            Api api = node.api();
            api.put("/v1/buses/shop", "{}");
            String rule =
                    """
                    {"pattern": {"type": ["order.created"]},
                     "targets": [
                       {"id": "original", "type": "webhook", "url": "%s"},
                       {"id": "path", "type": "webhook", "url": "%s", "transform": {"inputPath": "$.data.order"}},
                       {"id": "template", "type": "webhook", "url": "%s", "transform": {"inputTransformer": {
                          "inputPathsMap": {"id": "$.data.order.id", "note": "$.data.order.note",
                                            "missing": "$.data.nothing", "skus": "$.data.items[*].sku"},
                          "inputTemplate": "{\\"order\\": <id>, \\"note\\": <note>, \\"missing\\": <missing>, \\"skus\\": <skus>, \\"rule\\": \\"<signalbox.rule-name>\\", \\"bus\\": \\"<signalbox.bus-name>\\"}"}}},
                       {"id": "jsonata", "type": "webhook", "url": "%s",
                        "transform": {"jsonata": "{\\"total\\": $sum(data.items.price), \\"rule\\": $ruleName, \\"source\\": source}"}},
                       {"id": "failing", "type": "webhook", "url": "%s",
                        "transform": {"jsonata": "data.order.id + 1"}}]}"""
                            .formatted(original.url(), path.url(), template.url(), jsonata.url(), failing.url());
            Api.Response created = api.put("/v1/buses/shop/rules/orders", rule);
            assertEquals(201, created.status(), created.text());
            JsonNode targets = created.json().get("targets");
            assertEquals(
                    "$.data.order",
                    targets.get(1).get("transform").get("inputPath").asText());
            assertTrue(targets.get(0).get("transform") == null, "no transform is shown as absent");

            post(api, "shop", "e-1", "order.created", "/shop", ORDER);
            Eventually.await(Duration.ofSeconds(10), () -> node.isRouted("shop"), () -> "routing to finish");

            Receiver.Request asPosted = single(original);
            assertEquals("application/json", asPosted.header("content-type"));
            assertEquals(Api.JSON.readTree(ORDER), Api.JSON.readTree(asPosted.body()));

            Receiver.Request byPath = single(path);
            assertEquals("e-1", BinaryMode.decode(byPath.header("ce-id")), "attributes travel with a transform");
            assertEquals("order.created", BinaryMode.decode(byPath.header("ce-type")));
            assertEquals("application/json", byPath.header("content-type"));
            assertEquals(Api.JSON.readTree(ORDER).get("order"), Api.JSON.readTree(byPath.body()));

            JsonNode filled = Api.JSON.readTree(single(template).body());
            assertEquals("o-1", filled.get("order").asText());
            assertEquals("say \"hi\"\nback\\slash ü", filled.get("note").asText(), "strings are escaped");
            assertTrue(filled.get("missing").isNull(), "a missing path fills in null: " + filled);
            assertEquals("[\"A\",\"B\"]", filled.get("skus").toString());
            assertEquals("orders", filled.get("rule").asText());
            assertEquals("shop", filled.get("bus").asText());

            JsonNode computed = Api.JSON.readTree(single(jsonata).body());
            assertEquals(3.5, computed.get("total").asDouble());
            assertEquals("orders", computed.get("rule").asText());
            assertEquals("/shop", computed.get("source").asText());

            assertEquals(0, failing.attempts(), "a JSONata error on this event is not delivered, nor retried");
        }
    }

    @Test
    void filterRulesRouteWhatTheirSqlSelects(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir);
                Receiver receiver = Receiver.accepting(vertx)) {
            Api api = node.api();
            api.put("/v1/buses/sql", "{}");
            String rule =
                    """
                    {"filter": {"cesql": "type LIKE 'order.%%' AND (subject = 'vip' OR priority > 5)"},
                     "targets": [{"id": "hook", "type": "webhook", "url": "%s"}]}"""
                            .formatted(receiver.url());
            Api.Response created = api.put("/v1/buses/sql/rules/vip", rule);
            assertEquals(201, created.status(), created.text());
            assertEquals(
                    "type LIKE 'order.%' AND (subject = 'vip' OR priority > 5)",
                    created.json().get("filter").get("cesql").asText());
            assertTrue(created.json().get("pattern") == null);

            post(api, "sql", "by-subject", "order.created", "/shop", "{}", attrs("vip", "1"));
            post(api, "sql", "by-priority", "order.paid", "/shop", "{}", attrs("regular", "9"));
            post(api, "sql", "low-priority", "order.paid", "/shop", "{}", attrs("regular", "2"));
            post(api, "sql", "other-type", "invoice.sent", "/shop", "{}", attrs("vip", "9"));
            Eventually.await(Duration.ofSeconds(10), () -> node.isRouted("sql"), () -> "routing to finish");
            Set<String> delivered = receiver.delivered().stream()
                    .map(r -> BinaryMode.decode(r.header("ce-id")))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of("by-priority", "by-subject"), delivered);

            // Disabling the rule takes it out of routing like a pattern rule.
            String disabled = rule.replace("{\"filter\"", "{\"state\": \"disabled\", \"filter\"");
            assertEquals(200, api.put("/v1/buses/sql/rules/vip", disabled).status());
            post(api, "sql", "after-disable", "order.created", "/shop", "{}", attrs("vip", "9"));
            Eventually.await(Duration.ofSeconds(10), () -> node.isRouted("sql"), () -> "routing to finish");
            assertEquals(2, receiver.delivered().size());
        }
    }

    @Test
    void brokenTransformsAndFiltersAreRefusedWithTheirPointer(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/buses/bad", "{}");
            String hook = "{\"id\": \"h\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/x\"";
            record Case(String body, String code, String pointer) {}
            List<Case> cases = List.of(
                    new Case(
                            "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": [" + hook
                                    + ", \"transform\": {\"jsonata\": \"data.items[price >\"}}]}",
                            "transform.invalid",
                            "/targets/0/transform/jsonata"),
                    new Case(
                            "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": [" + hook
                                    + ", \"transform\": {\"inputPath\": \"data.x\"}}]}",
                            "transform.invalid",
                            "/targets/0/transform/inputPath"),
                    new Case(
                            "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": [" + hook
                                    + ", \"transform\": {\"inputTransformer\": {\"inputPathsMap\": {\"a\": \"x\"},"
                                    + " \"inputTemplate\": \"<a>\"}}}]}",
                            "transform.invalid",
                            "/targets/0/transform/inputTransformer/inputPathsMap/a"),
                    new Case(
                            "{\"filter\": {\"cesql\": \"type = \"}, \"targets\": [" + hook + "}]}",
                            "pattern.invalid",
                            "/filter/cesql"),
                    new Case(
                            "{\"filter\": {\"sql\": \"type = 'x'\"}, \"targets\": [" + hook + "}]}",
                            "pattern.invalid",
                            "/filter/sql"),
                    new Case(
                            "{\"filter\": \"type = 'x'\", \"targets\": [" + hook + "}]}", "pattern.invalid", "/filter"),
                    new Case(
                            "{\"pattern\": {\"type\": [\"x\"]}, \"filter\": {\"cesql\": \"true\"}, \"targets\": ["
                                    + hook + "}]}",
                            "pattern.invalid",
                            "/filter"),
                    new Case(
                            "{\"filter\": {\"cesql\": \"LENGTH(type, 'x') > 3\"}, \"targets\": [" + hook + "}]}",
                            "pattern.invalid",
                            "/filter/cesql"),
                    new Case(
                            "{\"filter\": {\"cesql\": \"'yes'\"}, \"targets\": [" + hook + "}]}",
                            "pattern.invalid",
                            "/filter/cesql"),
                    new Case(
                            "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": [" + hook + "}, "
                                    + hook.replace("\"h\"", "\"h2\"")
                                    + ", \"transform\": {\"inputTransformer\": {\"inputPathsMap\": {\"a\": \"$.data.a\"},"
                                    + " \"inputTemplate\": \"{\\\"a\\\": <a>, \\\"b\\\": <b>}\"}}}]}",
                            "transform.invalid",
                            "/targets/1/transform/inputTransformer/inputTemplate"),
                    new Case(
                            "{\"pattern\": {\"type\": [\"x\"]}, \"targets\": [" + hook
                                    + ", \"transform\": {\"inputTransformer\": {\"inputPathsMap\": {\"a\": \"$.data.a\"},"
                                    + " \"inputTemplate\": \"{\\\"a\\\": <a>,}\"}}}]}",
                            "transform.invalid",
                            "/targets/0/transform/inputTransformer/inputTemplate"),
                    new Case("{\"targets\": [" + hook + "}]}", "request.invalid", "/pattern"));
            for (Case c : cases) {
                Api.Response response = api.put("/v1/buses/bad/rules/r", c.body());
                assertEquals(400, response.status(), c.body() + " -> " + response.text());
                assertEquals("application/problem+json", response.contentType());
                JsonNode problem = response.json();
                assertEquals(c.code(), problem.get("code").asText(), response.text());
                assertEquals(
                        c.pointer(), problem.get("errors").get(0).get("pointer").asText(), response.text());
            }
            assertEquals(404, api.get("/v1/buses/bad/rules/r").status(), "nothing refused was stored");
        }
    }

    private static Map<String, String> attrs(String subject, String priority) {
        return Map.of("subject", subject, "priority", priority);
    }

    private static Receiver.Request single(Receiver receiver) {
        List<Receiver.Request> delivered = receiver.delivered();
        assertEquals(1, delivered.size());
        return delivered.get(0);
    }

    private static void post(Api api, String bus, String id, String type, String source, String data) {
        post(api, bus, id, type, source, data, Map.of());
    }

    private static void post(
            Api api, String bus, String id, String type, String source, String data, Map<String, String> extra) {
        Api.Response response = api.postEvent(
                bus,
                BinaryEvent.json(id, data).withSource(source).withType(type).withAttributes(extra));
        assertEquals(202, response.status(), response.text());
    }
}
