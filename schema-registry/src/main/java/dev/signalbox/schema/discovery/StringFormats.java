package dev.signalbox.schema.discovery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.signalbox.schema.JsonSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The string formats discovery recognises — date-time, uuid, uri, email — each decided by the
 * same validator the registry enforces with, so an inferred format never refuses a value it was
 * inferred from. A cheap shape test runs first, so most strings cost no validator call.
 *
 * <p>Stateless and thread-safe.
 */
final class StringFormats {

    /** In order of preference when a value fits several (a UUID is never also a date-time). */
    static final List<String> ALL = List.of("date-time", "uuid", "email", "uri");

    private static final Map<String, JsonSchemas.DataValidator> VALIDATORS = new LinkedHashMap<>();

    static {
        for (String format : ALL) {
            VALIDATORS.put(
                    format,
                    JsonSchemas.compile(JsonNodeFactory.instance
                            .objectNode()
                            .put("type", "string")
                            .put("format", format)));
        }
    }

    private StringFormats() {}

    /** The formats among {@code candidates} that {@code value} satisfies. */
    static List<String> matching(String value, List<String> candidates) {
        List<String> out = new ArrayList<>(candidates.size());
        for (String format : candidates) {
            if (looksLike(format, value) && VALIDATORS.get(format).accepts(TextNode.valueOf(value))) {
                out.add(format);
            }
        }
        return out;
    }

    private static boolean looksLike(String format, String value) {
        return switch (format) {
            case "date-time" -> value.length() >= 20
                    && value.length() <= 40
                    && Character.isDigit(value.charAt(0))
                    && (value.charAt(10) == 'T' || value.charAt(10) == 't');
            case "uuid" -> value.length() == 36 && value.charAt(8) == '-' && value.charAt(13) == '-';
            case "email" -> value.indexOf('@') > 0 && value.length() <= 254;
            case "uri" -> value.indexOf(':') > 0 && value.length() <= 2048 && Character.isLetter(value.charAt(0));
            default -> false;
        };
    }
}
