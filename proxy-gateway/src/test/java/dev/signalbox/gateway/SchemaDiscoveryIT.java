package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.gateway.schema.Discovery;
import dev.signalbox.schema.JsonSchemas;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery over a real node: after 1,000 events of three types, the schemas it registered
 * (read back through the API) accept every event seen, refuse one whose known field has the
 * wrong type, and a new shape becomes a new version.
 */
@ExtendWith(VertxExtension.class)
class SchemaDiscoveryIT {

    private static final String SOURCE = "/it/discovery";
    private static final List<String> TYPES = List.of("order.placed", "user.signed-up", "payment.failed");

    @Test
    void infersSchemasThatFitEverythingSeen(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/registries/seen", "{}").status());
            assertEquals(
                    201,
                    api.put("/v1/buses/watched", "{\"registry\":\"seen\",\"discovery\":\"on\"}")
                            .status());

            Random random = new Random(7);
            Map<String, List<JsonNode>> sent = new HashMap<>();
            TYPES.forEach(t -> sent.put(t, new ArrayList<>()));
            for (int batch = 0; batch < 10; batch++) {
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < 100; i++) {
                    int n = batch * 100 + i;
                    String type = TYPES.get(n % 3);
                    ObjectNode data = data(type, random, n);
                    sent.get(type).add(data);
                    body.append(i == 0 ? "" : ",")
                            .append("{\"specversion\":\"1.0\",\"id\":\"e-")
                            .append(n)
                            .append("\",\"source\":\"")
                            .append(SOURCE)
                            .append("\",\"type\":\"")
                            .append(type)
                            .append("\",\"data\":")
                            .append(data)
                            .append('}');
                }
                Api.Response answer = api.post(
                        "/v1/buses/watched/events",
                        "application/cloudevents-batch+json",
                        body.append(']').toString().getBytes(StandardCharsets.UTF_8),
                        Map.of());
                assertEquals(0, answer.json().get("failedEntryCount").asInt(), answer.text());
            }

            for (String type : TYPES) {
                String path = schemaPath(type);
                Eventually.await(
                        Duration.ofSeconds(30),
                        () -> acceptsAll(api.get(path + "/versions/latest"), sent.get(type)),
                        () -> "the latest inferred schema of " + type + " accepts all "
                                + sent.get(type).size() + " events sent: "
                                + api.get(path + "/versions/latest").text());
            }

            JsonNode order = api.get(schemaPath("order.placed") + "/versions/latest")
                    .json()
                    .get("schema");
            assertEquals("uuid", order.at("/properties/orderId/format").asText(), order.toString());
            assertEquals("date-time", order.at("/properties/placedAt/format").asText());
            assertEquals(
                    "integer",
                    order.at("/properties/items/items/properties/qty/type").asText());
            assertEquals("number", order.at("/properties/amount/type").asText(), "integers and decimals seen");
            assertTrue(order.get("required").toString().contains("\"orderId\""));
            assertFalse(order.get("required").toString().contains("\"coupon\""), "coupon is in some events only");
            JsonNode user = api.get(schemaPath("user.signed-up") + "/versions/latest")
                    .json()
                    .get("schema");
            assertEquals("email", user.at("/properties/email/format").asText(), user.toString());
            assertEquals("uri", user.at("/properties/homepage/format").asText());
            assertTrue(user.at("/properties/nickname/format").isMissingNode(), "free text has no format");

            ObjectNode wrong = (ObjectNode) sent.get("order.placed").get(0).deepCopy();
            wrong.put("amount", "twelve");
            assertFalse(JsonSchemas.compile(order).accepts(wrong), "a known field with the wrong type");
            ObjectNode wrongNested =
                    (ObjectNode) sent.get("payment.failed").get(0).deepCopy();
            ((ObjectNode) wrongNested.get("details")).put("code", "E42");
            JsonNode payment = api.get(schemaPath("payment.failed") + "/versions/latest")
                    .json()
                    .get("schema");
            assertFalse(JsonSchemas.compile(payment).accepts(wrongNested), "a nested field with the wrong type");

            JsonNode listed =
                    api.get("/v1/registries/seen/schemas?tag=discovered").json().get("schemas");
            assertEquals(3, listed.size(), listed.toString());
            assertEquals(
                    "[\"watched\"]",
                    api.get(schemaPath("order.placed") + "/usage")
                            .json()
                            .get("buses")
                            .toString());

            // A new member is a new shape: a new version that has it.
            int before = api.get(schemaPath("order.placed"))
                    .json()
                    .get("latestVersion")
                    .asInt();
            ObjectNode changed = data("order.placed", random, 5000).put("giftWrap", true);
            Api.Response posted = api.post(
                    "/v1/buses/watched/events",
                    "application/cloudevents+json",
                    ("{\"specversion\":\"1.0\",\"id\":\"e-new\",\"source\":\"" + SOURCE
                                    + "\",\"type\":\"order.placed\",\"data\":" + changed + "}")
                            .getBytes(StandardCharsets.UTF_8),
                    Map.of());
            assertEquals(202, posted.status());
            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> api.get(schemaPath("order.placed") + "/versions/latest")
                            .json()
                            .at("/schema/properties/giftWrap")
                            .isObject(),
                    () -> "a version with giftWrap");
            int after = api.get(schemaPath("order.placed"))
                    .json()
                    .get("latestVersion")
                    .asInt();
            assertEquals(before + 1, after);
            JsonNode diff = api.get(schemaPath("order.placed") + "/diff?from=" + before + "&to=" + after)
                    .json();
            assertTrue(diff.toString().contains("/properties/giftWrap"), diff.toString());
        }
    }

    @Test
    void resumesFromWhatItRegisteredAfterARestart(Vertx vertx, @TempDir Path dir) throws Exception {
        Random random = new Random(11);
        int before;
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            api.put("/v1/registries/seen", "{}");
            api.put("/v1/buses/watched", "{\"registry\":\"seen\",\"discovery\":\"on\"}");
            for (int n = 0; n < 30; n++) {
                assertEquals(
                        202,
                        postOne(api, "r-" + n, data("payment.failed", random, n))
                                .status());
            }
            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> api.get(schemaPath("payment.failed") + "/versions/latest")
                            .json()
                            .at("/schema/required")
                            .toString()
                            .equals("[\"details\",\"paymentId\",\"reason\",\"retry\"]"),
                    () -> "settled: "
                            + api.get(schemaPath("payment.failed") + "/versions/latest")
                                    .text());
            before = api.get(schemaPath("payment.failed"))
                    .json()
                    .get("latestVersion")
                    .asInt();
        }
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            // Same shapes again: the restarted node starts from the registered schema, so a
            // sample lacking the optional member does not make it required-then-optional again.
            for (int n = 30; n < 60; n++) {
                assertEquals(
                        202,
                        postOne(api, "r-" + n, data("payment.failed", random, n))
                                .status());
            }
            assertEquals(
                    202,
                    postOne(api, "r-new", data("payment.failed", random, 99).put("currency", "EUR"))
                            .status());
            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> api.get(schemaPath("payment.failed") + "/versions/latest")
                            .json()
                            .at("/schema/properties/currency")
                            .isObject(),
                    () -> "a version with currency");
            assertEquals(
                    before + 1,
                    api.get(schemaPath("payment.failed"))
                            .json()
                            .get("latestVersion")
                            .asInt());
        }
    }

    private static Api.Response postOne(Api api, String id, JsonNode data) {
        return api.post(
                "/v1/buses/watched/events",
                "application/cloudevents+json",
                ("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"" + SOURCE
                                + "\",\"type\":\"payment.failed\",\"data\":" + data + "}")
                        .getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private static String schemaPath(String type) {
        return "/v1/registries/seen/schemas/" + Discovery.schemaName(type, SOURCE);
    }

    private static boolean acceptsAll(Api.Response latest, List<JsonNode> seen) {
        if (latest.status() != 200) {
            return false;
        }
        JsonSchemas.DataValidator validator = JsonSchemas.compile(latest.json().get("schema"));
        return seen.stream().allMatch(validator::accepts);
    }

    private static ObjectNode data(String type, Random random, int n) {
        ObjectNode data = Api.JSON.createObjectNode();
        switch (type) {
            case "order.placed" -> {
                data.put(
                        "orderId",
                        UUID.nameUUIDFromBytes(("o" + n).getBytes(StandardCharsets.UTF_8))
                                .toString());
                if (n % 2 == 0) {
                    data.put("amount", random.nextInt(1000));
                } else {
                    data.put("amount", new java.math.BigDecimal(random.nextInt(100_000)).movePointLeft(2));
                }
                data.put("placedAt", Instant.ofEpochSecond(1_700_000_000L + n).toString());
                var items = data.putArray("items");
                for (int i = 0; i <= n % 3; i++) {
                    items.addObject().put("sku", "sku-" + random.nextInt(50)).put("qty", 1 + random.nextInt(5));
                }
                if (n % 5 == 0) {
                    data.put("coupon", "SAVE" + n);
                }
            }
            case "user.signed-up" -> {
                data.put(
                        "userId",
                        UUID.nameUUIDFromBytes(("u" + n).getBytes(StandardCharsets.UTF_8))
                                .toString());
                data.put("email", "user" + n + "@example.com");
                if (n % 4 != 0) {
                    data.put("homepage", "https://example.com/users/" + n);
                }
                data.put("nickname", n % 7 == 0 ? "user-" + n : "N" + n + " the " + (n % 2 == 0 ? "bold" : "quiet"));
                data.put("age", 18 + random.nextInt(60));
                data.putArray("interests").add("music").add("hiking-" + (n % 3));
            }
            default -> {
                data.put("paymentId", "pay_" + n);
                data.put("reason", List.of("card_declined", "expired", "fraud").get(n % 3));
                data.put("retry", n % 2 == 0);
                data.putObject("details").put("code", 400 + n % 30).put("message", "failed " + n);
                if (n % 10 == 0) {
                    data.putNull("previousAttempt");
                }
            }
        }
        return data;
    }
}
