package dev.signalbox.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the members of one structured-mode CloudEvent, whichever reader found them, and
 * turns them into a validated {@link Event}.
 *
 * <p>Single use, confined to the thread that parses. The data member is only resolved in {@link
 * #build()}, because {@code datacontenttype} may come after {@code data} in the object and it
 * decides how the data is read.
 */
final class EventAssembler {
    /** The data member as read: its JSON text as bytes, and its string value when it is a string. */
    record DataMember(byte[] json, String text) {}

    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<Violation> violations = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> rejected = new HashSet<>();
    private DataMember data;
    private String dataBase64;
    private boolean hasDataBase64;

    /** Whether this member name is new; a repeated name is recorded as a violation. */
    boolean firstSight(String name) {
        if (seen.add(name)) {
            return true;
        }
        reject(name, "The member '" + name + "' appears more than once.");
        return false;
    }

    void attribute(String name, Object value) {
        attributes.put(name, value);
    }

    void reject(String name, String message) {
        rejected.add(Violation.pointerTo(name));
        violations.add(new Violation(Violation.pointerTo(name), message));
    }

    /** Rejects a non-scalar attribute value. */
    void rejectStructure(String name, String kind) {
        reject(
                name,
                "The attribute '" + name + "' is " + kind + "; attribute values must be strings, booleans or"
                        + " integers.");
    }

    /** Rejects a number that is not an int32 integer. */
    void rejectNumber(String name, String text) {
        reject(
                name,
                "The attribute '" + name + "' is the number " + text + ", but attribute numbers must be integers"
                        + " within the int32 range.");
    }

    void data(DataMember member) {
        this.data = member;
    }

    /** The {@code data_base64} member's text, still encoded. */
    void dataBase64(String text) {
        this.dataBase64 = text;
        this.hasDataBase64 = true;
    }

    /** A {@code data_base64} member that is not a string; {@code kind} says what it is. */
    void rejectDataBase64(String kind) {
        reject("data_base64", "'data_base64' must be a string of base64 text, not " + kind + ".");
        this.hasDataBase64 = true;
    }

    /**
     * The event, validated.
     *
     * @throws SignalboxException {@link ErrorType#EVENT_INVALID} with every violation found by the
     *     reader and by {@link EventValidator}
     */
    Event build() {
        Event event = new Event(attributes, resolveData());
        List<Violation> all = new ArrayList<>(violations);
        for (Violation v : EventValidator.validate(event)) {
            // A member already rejected by the reader was left out of the map; the validator
            // would only add a confusing "missing" for it.
            if (!rejected.contains(v.pointer())) {
                all.add(v);
            }
        }
        if (!all.isEmpty()) {
            throw EventValidator.invalid(all);
        }
        return event;
    }

    private byte[] resolveData() {
        if (data != null && hasDataBase64) {
            reject("data_base64", "An event carries either 'data' or 'data_base64', not both.");
            return null;
        }
        if (hasDataBase64) {
            return dataBase64 == null ? null : decodeBase64(dataBase64);
        }
        if (data == null) {
            return null;
        }
        Object contentType = attributes.get("datacontenttype");
        if (!(contentType instanceof String type) || MediaTypes.isJson(type)) {
            return data.json();
        }
        if (data.text() == null) {
            reject(
                    "data",
                    "'data' must be a JSON string when datacontenttype '" + type + "' is not a JSON media type;"
                            + " binary data goes in 'data_base64'.");
            return null;
        }
        return data.text().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            reject("data_base64", "'data_base64' is not valid base64 (RFC 4648): " + e.getMessage() + ".");
            return null;
        }
    }
}
