package dev.signalbox.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A binary-mode CloudEvent for {@link Api#postEvent}: its attributes travel as {@code ce-*} headers
 * and its data, under its content type, as the body. Unless a test says otherwise the source is
 * {@code /test} and the type {@code test.event}.
 *
 * <p>Immutable: each {@code with*} answers a changed copy, so one event may be shared between
 * threads and others derived from it. The data array is the caller's and is not copied; tests do
 * not change it after handing it over.
 */
record BinaryEvent(
        String id, String source, String type, String contentType, byte[] data, Map<String, String> attributes) {

    static BinaryEvent json(String id, String data) {
        return of(id, "application/json", data.getBytes(StandardCharsets.UTF_8));
    }

    static BinaryEvent text(String id, String data) {
        return of(id, "text/plain", data.getBytes(StandardCharsets.UTF_8));
    }

    static BinaryEvent of(String id, String contentType, byte[] data) {
        return new BinaryEvent(id, "/test", "test.event", contentType, data, Map.of());
    }

    BinaryEvent withSource(String other) {
        return new BinaryEvent(id, other, type, contentType, data, attributes);
    }

    BinaryEvent withType(String other) {
        return new BinaryEvent(id, source, other, contentType, data, attributes);
    }

    /** Adds attributes named without their {@code ce-} prefix (subject, or an extension such as tenant). */
    BinaryEvent withAttributes(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(attributes);
        all.putAll(more);
        return new BinaryEvent(id, source, type, contentType, data, Map.copyOf(all));
    }

    /** The {@code ce-*} headers that carry the attributes (specversion 1.0). */
    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", "1.0");
        headers.put("ce-id", id);
        headers.put("ce-source", source);
        headers.put("ce-type", type);
        attributes.forEach((name, value) -> headers.put("ce-" + name, value));
        return headers;
    }
}
