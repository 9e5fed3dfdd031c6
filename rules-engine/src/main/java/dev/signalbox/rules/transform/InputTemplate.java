package dev.signalbox.rules.transform;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge {@code inputTemplate}: text with {@code <name>} placeholders filled from the
 * input paths map and the reserved variables.
 *
 * <p>Immutable, thread-safe. A template that is JSON once its placeholders are filled (a JSON
 * object, array, string, ...) is rendered as JSON: a placeholder outside quotes becomes the
 * value's JSON ({@code "a": <v>} gives {@code "a": "text"} or {@code "a": {"x": 1}}), one inside
 * quotes becomes the value's text with JSON escaping, so quotes, backslashes and newlines in event
 * data never break the output, where EventBridge pastes them unescaped. Any other template is
 * plain text with values pasted as text. A path that selects nothing gives {@code null} outside
 * quotes and nothing inside quotes or in plain text. {@code <...>} naming no variable is kept as
 * written.
 *
 * @param text the template as written
 * @param parts literal text and placeholders, in order
 * @param json whether the template renders as JSON
 */
public record InputTemplate(String text, List<Part> parts, boolean json) {
    /** The longest template accepted, as EventBridge. */
    public static final int MAX_LENGTH = 8_192;

    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public InputTemplate {
        parts = List.copyOf(parts);
    }

    /** Literal text, or a placeholder (with whether it sits inside a JSON string). */
    public record Part(String literal, String variable, boolean quoted) {}

    /** Parses a template whose placeholders may name the given variables. */
    public static InputTemplate parse(String text, Set<String> variables) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int from = 0;
        boolean quoted = false;
        StringBuilder probe = new StringBuilder();
        while (matcher.find()) {
            if (!variables.contains(matcher.group(1))) {
                continue;
            }
            String literal = text.substring(from, matcher.start());
            quoted = scanQuotes(literal, quoted);
            parts.add(new Part(literal, null, false));
            parts.add(new Part(null, matcher.group(1), quoted));
            probe.append(literal).append(quoted ? "x" : "null");
            from = matcher.end();
        }
        String tail = text.substring(from);
        parts.add(new Part(tail, null, false));
        probe.append(tail);
        return new InputTemplate(text, parts, isJson(probe.toString()));
    }

    // Whether a JSON string is open after the literal, given whether one was open before it.
    private static boolean scanQuotes(String literal, boolean quoted) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            }
        }
        return quoted;
    }

    private static boolean isJson(String text) {
        try {
            STRICT.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fills the template; values absent from the map (or empty) are paths that selected nothing. */
    public String render(Map<String, Optional<JsonNode>> values) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            Optional<JsonNode> value = values.getOrDefault(part.variable(), Optional.empty());
            if (!json) {
                value.ifPresent(v -> out.append(v.isTextual() ? v.textValue() : v.toString()));
            } else if (part.quoted()) {
                value.ifPresent(v -> out.append(
                        JsonStringEncoder.getInstance().quoteAsString(v.isTextual() ? v.textValue() : v.toString())));
            } else {
                out.append(value.map(JsonNode::toString).orElse("null"));
            }
        }
        return out.toString();
    }
}
