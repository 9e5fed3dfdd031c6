package dev.signalbox.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates an {@link Event} against CloudEvents 1.0.2.
 *
 * <p>Stateless and thread-safe. It reports every violation at once (a client should be able to
 * fix a rejected event in one round trip), each with the JSON Pointer of the attribute in the
 * structured form ({@code /source}, {@code /time}).
 */
public final class EventValidator {
    /** The only CloudEvents version this implementation speaks. */
    public static final String SPEC_VERSION = "1.0";

    private static final List<String> REQUIRED = List.of("id", "source", "specversion", "type");
    private static final Set<String> STRING_ONLY =
            Set.of("id", "source", "specversion", "type", "datacontenttype", "dataschema", "subject", "time");
    private static final Set<String> RESERVED = Set.of("data", "data_base64");

    private EventValidator() {}

    /** Every violation of the event, in a stable order (required first, then by attribute). */
    public static List<Violation> validate(Event event) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> attributes = event.attributes();
        for (String name : REQUIRED) {
            if (!attributes.containsKey(name)) {
                violations.add(violation(name, "The required attribute '" + name + "' is missing."));
            }
        }
        attributes.forEach((name, value) -> checkAttribute(name, value, violations));
        return List.copyOf(violations);
    }

    /**
     * Returns the event when it is valid.
     *
     * @throws SignalboxException of type {@link ErrorType#EVENT_INVALID} listing every violation
     */
    public static Event requireValid(Event event) {
        List<Violation> violations = validate(event);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return event;
    }

    /** The exception for a non-empty list of violations, with a detail naming the first. */
    static SignalboxException invalid(List<Violation> violations) {
        String first = violations.get(0).message();
        String detail = violations.size() == 1
                ? "The CloudEvent is invalid: " + first
                : "The CloudEvent is invalid (" + violations.size() + " problems): " + first + " …";
        return new SignalboxException(ErrorType.EVENT_INVALID, detail, violations);
    }

    private static void checkAttribute(String name, Object value, List<Violation> out) {
        if (RESERVED.contains(name)) {
            out.add(violation(name, "'" + name + "' is the event payload, not a context attribute."));
            return;
        }
        if (!isName(name)) {
            out.add(violation(
                    name,
                    "The attribute name '" + name + "' is invalid: names use only lowercase letters a-z and"
                            + " digits 0-9."));
            return;
        }
        if (value instanceof String text && !isText(text)) {
            out.add(violation(name, "The attribute '" + name + "' " + textProblem(text) + "."));
            return;
        }
        if (STRING_ONLY.contains(name)) {
            if (!(value instanceof String text)) {
                out.add(violation(name, "The attribute '" + name + "' must be a string, not " + kind(value) + "."));
            } else {
                checkString(name, text, out);
            }
        } else if (!(value instanceof String || value instanceof Boolean || value instanceof Integer)) {
            out.add(violation(
                    name,
                    "The extension attribute '" + name + "' must be a string, a boolean or an integer"
                            + " (int32), not " + kind(value) + "."));
        }
    }

    /** {@code [a-z0-9]+}, without a regex: it runs for every attribute of every event. */
    private static boolean isName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every character is one a CloudEvents String may hold (1.0.2, "Type System"): no
     * control characters (U+0000-U+001F, U+007F-U+009F) and no unpaired surrogates. A header
     * cannot carry them, and a lone surrogate would be stored as '?' without a word. One pass
     * without allocation: it runs for every string attribute of every event.
     */
    private static boolean isText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c)
                        || i + 1 == value.length()
                        || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }

    /** What {@link #isText} found wrong first, for the violation's message. */
    private static String textProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return String.format(
                        "contains the control character U+%04X at index %d; CloudEvents strings exclude"
                                + " U+0000-U+001F and U+007F-U+009F",
                        (int) c, i);
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return String.format(
                        "contains the unpaired surrogate U+%04X at index %d, which is not a Unicode character",
                        (int) c, i);
            }
        }
        return "is not valid text";
    }

    private static void checkString(String name, String value, List<Violation> out) {
        String problem =
                switch (name) {
                    case "id", "type", "subject" -> value.isEmpty() ? "must not be empty" : null;
                    case "source" -> value.isEmpty() ? "must not be empty" : uriProblem(value, false);
                    case "dataschema" -> value.isEmpty() ? "must not be empty" : uriProblem(value, true);
                    case "specversion" -> SPEC_VERSION.equals(value)
                            ? null
                            : "is '" + value + "', but the only supported version is '" + SPEC_VERSION + "'";
                    case "time" -> Rfc3339.isDateTime(value)
                            ? null
                            : "is '" + value + "', which is not an RFC 3339 date-time such as"
                                    + " 2024-05-01T10:00:00Z";
                    case "datacontenttype" -> MediaTypes.isValid(value)
                            ? null
                            : "is '" + value + "', which is not an RFC 2046 media type such as" + " application/json";
                    default -> null;
                };
        if (problem != null) {
            out.add(violation(name, "The attribute '" + name + "' " + problem + "."));
        }
    }

    private static String uriProblem(String value, boolean mustBeAbsolute) {
        if (!mustBeAbsolute && isPlainPath(value)) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (mustBeAbsolute && !uri.isAbsolute()) {
                return "is '" + value + "', which is not an absolute URI (it needs a scheme)";
            }
            return null;
        } catch (URISyntaxException e) {
            String what = mustBeAbsolute ? "an absolute URI" : "a URI-reference";
            return "is '" + value + "', which is not " + what + " (" + e.getReason() + " at index " + e.getIndex()
                    + ")";
        }
    }

    /**
     * A relative reference of unreserved characters and slashes only ({@code /orders},
     * {@code shop.orders}), which is always a valid URI-reference: the usual source, checked
     * without building a {@link URI}. No colon (it could start a scheme) and no leading
     * {@code //} (an authority).
     */
    private static boolean isPlainPath(String value) {
        if (value.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '/'
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String kind(Object value) {
        if (value instanceof Integer) {
            return "an integer";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number that is not an int32 integer";
        }
        return "a value of type " + value.getClass().getSimpleName();
    }

    private static Violation violation(String name, String message) {
        return new Violation(Violation.pointerTo(name), message);
    }
}
