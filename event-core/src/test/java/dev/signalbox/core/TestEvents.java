package dev.signalbox.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for test events. */
final class TestEvents {
    private TestEvents() {}

    /** The four required attributes of a valid event, in a mutable ordered map. */
    static Map<String, Object> required() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "evt-1");
        attributes.put("source", "https://example.com/orders");
        attributes.put("type", "com.example.order.created");
        return attributes;
    }

    static Event with(String name, Object value) {
        Map<String, Object> attributes = required();
        attributes.put(name, value);
        return new Event(attributes, null);
    }

    static Event without(String name) {
        Map<String, Object> attributes = required();
        attributes.remove(name);
        return new Event(attributes, null);
    }
}
