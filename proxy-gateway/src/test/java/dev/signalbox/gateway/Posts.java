package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.connectors.webhook.BinaryMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Posting test events and reading what receivers got, the way the delivery tests need it. */
final class Posts {

    private Posts() {}

    /** A bus with one rule matching {@code test.event}, its targets given as JSON. */
    static void busWithRule(Api api, String bus, String rule, String targetsJson) {
        assertEquals(201, api.put("/v1/buses/" + bus, "{\"flush\":\"sync\"}").status());
        putRule(api, bus, rule, targetsJson, 201);
    }

    static void putRule(Api api, String bus, String rule, String targetsJson, int expected) {
        String body = "{\"pattern\": {\"type\": [\"test.event\"]}, \"targets\": " + targetsJson + "}";
        Api.Response response = api.put("/v1/buses/" + bus + "/rules/" + rule, body);
        assertEquals(expected, response.status(), response.text());
    }

    static String webhook(String id, String url) {
        return "{\"id\": \"" + id + "\", \"type\": \"webhook\", \"url\": \"" + url + "\"}";
    }

    /** Posts one binary-mode event; returns its id. */
    static String post(Api api, String bus, String id, String subject) {
        Api.Response response =
                api.postEvent(bus, BinaryEvent.text(id, "payload of " + id).withAttributes(Map.of("subject", subject)));
        assertEquals(202, response.status(), response.text());
        return id;
    }

    static Set<String> postMany(Api api, String bus, String prefix, int count) {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(post(api, bus, prefix + "-" + i, "s" + i));
        }
        return ids;
    }

    /** Posts events as one {@code application/cloudevents-batch+json} request; all must be stored. */
    static void postBatch(Api api, String bus, List<ObjectNode> events) {
        ArrayNode batch = Api.JSON.createArrayNode();
        events.forEach(batch::add);
        Api.Response response = api.post(
                "/v1/buses/" + bus + "/events",
                "application/cloudevents-batch+json",
                batch.toString().getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertEquals(200, response.status(), response.text());
        assertEquals(0, response.json().get("failedEntryCount").asInt(), response.text());
    }

    static ObjectNode structured(String id, String subject, String data) {
        return Api.JSON
                .createObjectNode()
                .put("specversion", "1.0")
                .put("id", id)
                .put("source", "/test")
                .put("type", "test.event")
                .put("subject", subject)
                .put("datacontenttype", "text/plain")
                .put("data", data);
    }

    /** The ids a receiver accepted (2xx), as a set. */
    static Set<String> deliveredIds(Receiver receiver) {
        return receiver.delivered().stream()
                .map(r -> BinaryMode.decode(r.header("ce-id")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The ids a receiver accepted (2xx), in arrival order, duplicates kept. */
    static List<String> deliveredInOrder(Receiver receiver) {
        List<String> ids = new ArrayList<>();
        receiver.delivered().forEach(r -> ids.add(BinaryMode.decode(r.header("ce-id"))));
        return ids;
    }
}
