package dev.signalbox.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A CloudEvent as posted: its context attributes (ordered as posted, values {@link String},
 * {@link Boolean} or {@link Integer} — JSON numbers in structured mode become Integer when they
 * fit int32, otherwise it is a violation) and its data bytes ({@code null} when the event has no
 * data).
 *
 * <p>Immutable and thread-safe: the constructor copies the map and the bytes, and {@link #data()}
 * hands out a copy, so no holder can change an event another thread is routing. The copy costs one
 * array per call; callers on a hot path should call it once. An {@code Event} is not necessarily
 * valid: run it through {@link EventValidator} first (the parsers in this package already do).
 * Attribute values of other types are kept so that the validator can report them.
 *
 * @param attributes the context attributes by name, in posted order; no null keys or values
 * @param data the payload bytes, or {@code null} when the event has none
 */
public record Event(Map<String, Object> attributes, byte[] data) {
    private static final int TO_STRING_DATA_LIMIT = 256;

    public Event {
        Objects.requireNonNull(attributes, "attributes");
        Map<String, Object> copy = new LinkedHashMap<>(attributes.size() * 2);
        attributes.forEach((name, value) -> {
            Objects.requireNonNull(name, "attribute name");
            copy.put(name, Objects.requireNonNull(value, () -> "value of attribute '" + name + "'"));
        });
        attributes = Collections.unmodifiableMap(copy);
        data = data == null ? null : data.clone();
    }

    /** A copy of the payload bytes, or {@code null} when the event has no data. */
    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** The {@code id} attribute; {@code null} only on an event that failed validation. */
    public String id() {
        return attribute("id").orElse(null);
    }

    /** The {@code source} attribute; {@code null} only on an event that failed validation. */
    public String source() {
        return attribute("source").orElse(null);
    }

    /** The {@code type} attribute; {@code null} only on an event that failed validation. */
    public String type() {
        return attribute("type").orElse(null);
    }

    /** The {@code specversion} attribute; {@code null} only on an event that failed validation. */
    public String specVersion() {
        return attribute("specversion").orElse(null);
    }

    /** The {@code datacontenttype} attribute, when present. */
    public Optional<String> dataContentType() {
        return attribute("datacontenttype");
    }

    /**
     * The string form of an attribute (CloudEvents canonical string encoding: booleans as {@code
     * true}/{@code false}, integers in decimal), or empty when absent.
     */
    public Optional<String> attribute(String name) {
        Object value = attributes.get(name);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    /**
     * Whether the event carries JSON data: data is present and the content type is absent (JSON by
     * the CloudEvents default), {@code application/json} or {@code *}{@code /*+json}, parameters and
     * case ignored.
     */
    public boolean hasJsonData() {
        return data != null && dataContentType().map(MediaTypes::isJson).orElse(true);
    }

    /** The payload length in bytes without copying it; 0 when there is no data. */
    public int dataLength() {
        return data == null ? 0 : data.length;
    }

    // Package-private access without the defensive copy, for the codecs of this package, which
    // never mutate or leak the array.
    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Event that && attributes.equals(that.attributes) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * attributes.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Event[attributes=" + attributes + ", data=" + describeData() + "]";
    }

    // Logs should show what was posted without flooding: text as text, anything else as base64,
    // both truncated.
    private String describeData() {
        if (data == null) {
            return "none";
        }
        int shown = Math.min(data.length, TO_STRING_DATA_LIMIT);
        String tail = shown < data.length ? "…(" + data.length + " bytes)" : "";
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
            return (text.length() > shown ? text.substring(0, shown) : text) + tail;
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(Arrays.copyOf(data, shown)) + tail;
        }
    }
}
