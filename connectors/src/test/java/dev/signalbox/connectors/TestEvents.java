package dev.signalbox.connectors;

import dev.signalbox.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Events for connector tests. */
public final class TestEvents {

    private TestEvents() {}

    public static Event minimal(String id) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", id);
        attributes.put("source", "/test");
        attributes.put("type", "t");
        return new Event(attributes, null);
    }

    /** An event with Unicode attributes, extensions of every type and JSON data with odd spacing. */
    public static Event rich(String id) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", id);
        attributes.put("source", "/orders/köln");
        attributes.put("type", "order.created");
        attributes.put("subject", "a \"quoted\" 100% subject");
        attributes.put("time", "2026-11-21T10:00:00Z");
        attributes.put("datacontenttype", "application/json; charset=utf-8");
        attributes.put("traceparent", "00-abc-def-01");
        attributes.put("priority", 7);
        attributes.put("urgent", true);
        byte[] data = ("{ \"total\" : 12.50, \"note\": \"Grüße\", \"n\": 1e3 }").getBytes(StandardCharsets.UTF_8);
        return new Event(attributes, data);
    }

    public static Event binaryData(String id) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", id);
        attributes.put("source", "/blobs");
        attributes.put("type", "blob.stored");
        attributes.put("datacontenttype", "application/octet-stream");
        return new Event(attributes, new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10});
    }
}
