package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Compiles one operator object of a value list ({@code {"prefix": "a"}}, {@code {"numeric":
 * [">", 0]}}, ...) into a {@link ValueTest}, accepting exactly what event-ruler 2.1.0's {@code
 * JsonRuleCompiler} accepts.
 *
 * <p>Stateless apart from the {@link Problems} it reports to; confined to one compilation.
 * {@code anything-but} lives in {@link AnythingButs} and {@code numeric} in {@link
 * NumericRanges}, to keep each file about one thing.
 */
final class MatchExpressions {
    private final Problems problems;

    MatchExpressions(Problems problems) {
        this.problems = problems;
    }

    /** The test, or {@code null} after reporting why there is none. */
    ValueTest compile(JsonNode expression, String at) {
        if (expression.isEmpty()) {
            return fail(at, "An operator object needs one operator, such as {\"prefix\": \"a\"}.");
        }
        Map.Entry<String, JsonNode> first = expression.properties().iterator().next();
        String operator = first.getKey();
        JsonNode value = first.getValue();
        String inner = at + "/" + dev.signalbox.core.Violation.escape(operator);
        if (expression.size() > 1 && isKnown(operator)) {
            return fail(at, "An operator object takes one operator; '" + operator + "' has company.");
        }
        return switch (operator) {
            case "exactly" -> string(value, inner, "exactly") == null ? null : exact(value.textValue());
            case "prefix" -> prefix(value, inner);
            case "suffix" -> suffix(value, inner);
            case "equals-ignore-case" -> string(value, inner, operator) == null
                    ? null
                    : new ValueTest.EqualsIgnoreCase(IgnoreCase.of(value.textValue()));
            case "wildcard" -> string(value, inner, operator) == null ? null : wildcard(value.textValue(), inner);
            case "numeric" -> new NumericRanges(problems).compile(value, inner);
            case "anything-but" -> new AnythingButs(problems).compile(value, inner);
            case "exists" -> exists(value, inner);
            case "cidr" -> string(value, inner, operator) == null ? null : cidr(value.textValue(), inner);
            default -> fail(at, "'" + operator + "' is not a known operator.");
        };
    }

    private static boolean isKnown(String operator) {
        return switch (operator) {
            case "exactly",
                    "prefix",
                    "suffix",
                    "equals-ignore-case",
                    "wildcard",
                    "numeric",
                    "anything-but",
                    "exists",
                    "cidr" -> true;
            default -> false;
        };
    }

    static ValueTest exact(String text) {
        return new ValueTest.Exact(EventValue.STRING, Utf8.normalized(text), Double.NaN);
    }

    private ValueTest prefix(JsonNode value, String at) {
        if (value.isObject()) {
            IgnoreCase text = ignoreCase(value, at, "prefix");
            return text == null ? null : new ValueTest.PrefixIgnoreCase(text);
        }
        return string(value, at, "prefix") == null ? null : new ValueTest.Prefix(Utf8.normalized(value.textValue()));
    }

    private ValueTest suffix(JsonNode value, String at) {
        if (value.isObject()) {
            IgnoreCase text = ignoreCase(value, at, "suffix");
            return text == null ? null : new ValueTest.SuffixIgnoreCase(text);
        }
        return string(value, at, "suffix") == null ? null : new ValueTest.Suffix(Utf8.normalized(value.textValue()));
    }

    // {"prefix": {"equals-ignore-case": "text"}} and the same for suffix.
    private IgnoreCase ignoreCase(JsonNode object, String at, String operator) {
        JsonNode text = object.get("equals-ignore-case");
        if (object.size() != 1 || text == null) {
            fail(at, "'" + operator + "' takes a string or {\"equals-ignore-case\": \"text\"}.");
            return null;
        }
        return string(text, at + "/equals-ignore-case", "equals-ignore-case") == null
                ? null
                : IgnoreCase.of(text.textValue());
    }

    private ValueTest wildcard(String text, String at) {
        try {
            return new ValueTest.WildcardMatch(Wildcard.parse(Utf8.normalized(text)));
        } catch (Wildcard.Invalid e) {
            return fail(at, "Invalid wildcard: " + e.getMessage() + ".");
        }
    }

    private ValueTest exists(JsonNode value, String at) {
        if (!value.isBoolean()) {
            return fail(at, "'exists' takes true or false, not " + Problems.kind(value) + ".");
        }
        return value.booleanValue() ? new ValueTest.Exists() : new ValueTest.Absent();
    }

    private ValueTest cidr(String text, String at) {
        try {
            return Cidrs.parse(text);
        } catch (IllegalArgumentException e) {
            return fail(at, e.getMessage());
        }
    }

    private JsonNode string(JsonNode value, String at, String operator) {
        if (!value.isTextual()) {
            fail(at, "'" + operator + "' takes a string, not " + Problems.kind(value) + ".");
            return null;
        }
        return value;
    }

    private ValueTest fail(String at, String message) {
        problems.add(at, message);
        return null;
    }
}
