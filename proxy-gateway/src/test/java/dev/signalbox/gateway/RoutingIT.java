package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hundred events, half in binary and half in structured mode, through a real node to a real
 * webhook: exactly the ones the rule matches arrive, each with every attribute, extension and
 * data byte as it was posted.
 */
@ExtendWith(VertxExtension.class)
class RoutingIT {

    /** One posted event and what the receiver must see of it. */
    record Posted(String id, boolean isBinary, boolean isMatch, Map<String, String> attributes, byte[] data) {}

    @Test
    void deliversExactlyTheMatchingEventsByteForByte(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(
                    201, api.put("/v1/buses/orders", "{\"flush\":\"async\"}").status());
            String rule =
                    """
                    {"pattern": {"type": ["order.created"], "data": {"customer": {"tier": ["gold"]}}},
                     "targets": [{"id": "hook", "type": "webhook", "url": "%s"}]}"""
                            .formatted(receiver.url());
            assertEquals(
                    201, api.put("/v1/buses/orders/rules/gold-orders", rule).status());

            List<Posted> posted = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Posted event = event(i);
                Api.Response response = event.isBinary() ? postBinary(api, event) : postStructured(api, event, i);
                assertEquals(202, response.status(), response.text());
                assertEquals(event.id(), response.json().get("id").textValue());
                posted.add(event);
            }

            Eventually.await(Duration.ofSeconds(30), () -> node.isRouted("orders"), () -> "router to finish");
            Map<String, Posted> expected =
                    posted.stream().filter(Posted::isMatch).collect(Collectors.toMap(Posted::id, p -> p));
            List<Receiver.Request> delivered = receiver.delivered();
            Set<String> deliveredIds = new TreeSet<>();
            for (Receiver.Request request : delivered) {
                String id = BinaryMode.decode(request.header("ce-id"));
                deliveredIds.add(id);
                assertDeliveredAsPosted(expected.get(id), request);
            }
            assertEquals(new TreeSet<>(expected.keySet()), deliveredIds, "exactly the matching events arrive");
            assertEquals(expected.size(), delivered.size(), "each once, with a receiver that never failed");
            assertTrue(expected.size() > 10 && expected.size() < 90, "the corpus mixes matches and misses");

            for (Posted event : posted) {
                assertFoundAsPosted(api, event);
            }
        }
    }

    private static Posted event(int i) {
        boolean isMatch = i % 5 != 4 && i % 3 == 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "bestellung-" + i + "-ü");
        attributes.put("source", "/shops/köln/" + i);
        attributes.put("type", i % 5 == 4 ? "order.cancelled" : "order.created");
        attributes.put("subject", "Bestellung № " + i + " \"eilig\" 100%");
        attributes.put("time", "2026-11-21T10:15:3" + (i % 10) + ".123+01:00");
        attributes.put("datacontenttype", "application/json; charset=utf-8");
        attributes.put("tenant", "acme-日本");
        attributes.put(
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b71692033" + String.format("%02d", i) + "-01");
        String tier = i % 3 == 0 ? "gold" : "silver";
        String data =
                "{ \"customer\" : {\"tier\":\"" + tier + "\", \"name\": \"Zoë ✓ 日本\"},\n  \"amount\": 12.50, \"n\": "
                        + i + ", \"tags\": [\"a\", \"\\u00e9\"] }";
        return new Posted(attributes.get("id"), i % 2 == 0, isMatch, attributes, data.getBytes(StandardCharsets.UTF_8));
    }

    private static Api.Response postBinary(Api api, Posted event) {
        Map<String, String> headers = new HashMap<>();
        event.attributes().forEach((name, value) -> {
            if (!name.equals("datacontenttype")) {
                headers.put("ce-" + name, BinaryMode.encode(value));
            }
        });
        return api.post("/v1/buses/orders/events", event.attributes().get("datacontenttype"), event.data(), headers);
    }

    /** Structured mode with the data embedded as written (odd spacing and all) and typed extensions. */
    private static Api.Response postStructured(Api api, Posted event, int i) throws Exception {
        ObjectNode envelope = Api.JSON.createObjectNode();
        event.attributes().forEach(envelope::put);
        String head = Api.JSON.writeValueAsString(envelope);
        String json = head.substring(0, head.length() - 1) + ",\"priority\":" + i + ",\"urgent\":true,\"data\":"
                + new String(event.data(), StandardCharsets.UTF_8) + "}";
        event.attributes().put("priority", String.valueOf(i));
        event.attributes().put("urgent", "true");
        return api.post(
                "/v1/buses/orders/events",
                "application/cloudevents+json; charset=utf-8",
                json.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private static void assertDeliveredAsPosted(Posted event, Receiver.Request request) {
        assertTrue(event != null, "a delivered event was posted and matches");
        Map<String, String> seen = new TreeMap<>();
        request.headers().forEach((name, value) -> {
            if (name.toLowerCase().startsWith("ce-")) {
                seen.put(name.toLowerCase().substring(3), BinaryMode.decode(value));
            }
        });
        Map<String, String> expected = new TreeMap<>(event.attributes());
        String contentType = expected.remove("datacontenttype");
        assertEquals(expected, seen, "every attribute and extension of " + event.id());
        assertEquals(contentType, request.header("content-type"));
        assertArrayEquals(event.data(), request.body(), "data of " + event.id() + " byte for byte");
    }

    private static void assertFoundAsPosted(Api api, Posted event) {
        String path = "/v1/buses/orders/events/"
                + URLEncoder.encode(event.id(), StandardCharsets.UTF_8).replace("+", "%20");
        Api.Response found = api.get(path);
        assertEquals(200, found.status(), found.text());
        assertEquals("application/cloudevents+json", found.contentType());
        JsonNode json = found.json();
        event.attributes()
                .forEach((name, value) -> assertEquals(value, json.get(name).asText(), name));
        try {
            assertEquals(Api.JSON.readTree(event.data()), json.get("data"), "data of " + event.id());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
