package dev.signalbox.rules.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * quotes and nothing inside quotes or in plain text. A {@code <name>} naming no variable, and a
 * template in curly braces that is not JSON once filled, are refused ({@link #problems}), as
 * EventBridge refuses them.
 *
 * @param text the template as written
 * @param parts literal text and placeholders, in order
 * @param json whether the template renders as JSON
 */
public record InputTemplate(String text, List<Part> parts, boolean json) {
    /** The longest template accepted, as EventBridge. */
    public static final int MAX_LENGTH = 8_192;

    private static final String RESERVED =
            String.join(", ", Transform.RULE_NAME, Transform.BUS_NAME, Transform.EVENT, Transform.INGESTION_TIME);
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");
    /** Writers by how many levels they allow; a bus's templates leave few distinct counts. */
    private static final Map<Integer, ObjectWriter> WRITERS = new ConcurrentHashMap<>();

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public InputTemplate {
        parts = List.copyOf(parts);
    }

    /**
     * Literal text, or a placeholder (with whether it sits inside a JSON string, and how many of
     * the template's objects and arrays enclose it).
     */
    public record Part(String literal, String variable, boolean quoted, int depth) {}

    /**
     * What makes a template unusable, each a sentence: a {@code <name>} that names no variable
     * (EventBridge refuses it; it would be pasted as written and break JSON output), and a
     * template surrounded by curly braces (which EventBridge takes as a JSON object) that is not
     * JSON once its placeholders are filled, with the line and column in the template.
     */
    public static List<String> problems(String text, Set<String> variables) {
        List<String> problems = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        Set<String> unknown = new LinkedHashSet<>();
        while (matcher.find()) {
            if (!variables.contains(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        unknown.forEach(name -> problems.add("The placeholder <" + name + "> is not a key of inputPathsMap"
                + " nor a reserved variable (" + RESERVED + ")."));
        String trimmed = text.strip();
        if (unknown.isEmpty() && trimmed.startsWith("{") && trimmed.endsWith("}")) {
            InputTemplate template = parse(text, variables);
            jsonProblem(template.probe())
                    .ifPresent(problem -> problems.add("The template is surrounded by"
                            + " curly braces, so it is a JSON object, but it is not JSON once its placeholders are"
                            + " filled: "
                            + problem));
        }
        return problems;
    }

    /** Parses a template whose placeholders may name the given variables (see {@link #problems}). */
    public static InputTemplate parse(String text, Set<String> variables) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int from = 0;
        Position at = new Position(false, 0);
        while (matcher.find()) {
            if (!variables.contains(matcher.group(1))) {
                continue;
            }
            String literal = text.substring(from, matcher.start());
            at = at.after(literal);
            parts.add(new Part(literal, null, false, 0));
            parts.add(new Part(null, matcher.group(1), at.quoted(), at.depth()));
            from = matcher.end();
        }
        parts.add(new Part(text.substring(from), null, false, 0));
        return new InputTemplate(text, parts, jsonProblem(probe(parts)).isEmpty());
    }

    private String probe() {
        return probe(parts);
    }

    // The template with each placeholder replaced by a value of the same length (a string inside
    // quotes, an empty array outside: punctuation, so it never merges with the literal around it
    // into a different token), so that a JSON error's column is the template's own column.
    private static String probe(List<Part> parts) {
        StringBuilder probe = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                probe.append(part.literal());
            } else {
                int length = part.variable().length() + 2;
                probe.append(part.quoted() ? "x".repeat(length) : "[]" + " ".repeat(length - 2));
            }
        }
        return probe.toString();
    }

    /**
     * Where the template's text stands after a literal: inside a JSON string or not, and how many
     * objects and arrays are open around it (one pass over the literal for both).
     */
    private record Position(boolean quoted, int depth) {
        Position after(String literal) {
            boolean inString = quoted;
            int open = depth;
            for (int i = 0; i < literal.length(); i++) {
                char c = literal.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    open++;
                } else if (c == '}' || c == ']') {
                    open--;
                }
            }
            return new Position(inString, open);
        }
    }

    private static Optional<String> jsonProblem(String text) {
        try {
            STRICT.readTree(text);
            return Optional.empty();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            return Optional.of(where + e.getOriginalMessage());
        }
    }

    /**
     * Fills the template; values absent from the map (or empty) are paths that selected nothing.
     *
     * @param maxChars the longest text wanted: filling stops before the first piece that would
     *     pass it, so the text is never built longer (each piece is one value of the event)
     * @throws OutputTooLarge when the filled template would be longer
     * @throws OutputTooDeep when a value outside quotes, with the template's objects and arrays
     *     around it, would nest deeper than {@link OutputTooDeep#MAX_DEPTH} levels: the template is
     *     filled as text, which no writer's bound sees whole, so each such value is written with
     *     what the template leaves of the bound (binary-mode data nests up to the bound itself)
     */
    public String render(Map<String, Optional<JsonNode>> values, long maxChars) throws OutputTooLarge, OutputTooDeep {
        StringBuilder out = new StringBuilder((int) Math.min(maxChars, text.length() + 64L));
        for (Part part : parts) {
            CharSequence piece;
            if (part.literal() != null) {
                piece = part.literal();
            } else {
                Optional<JsonNode> value = values.getOrDefault(part.variable(), Optional.empty());
                if (!json) {
                    piece = value.map(v -> v.isTextual() ? v.textValue() : v.toString())
                            .orElse("");
                } else if (part.quoted()) {
                    piece = value.map(v -> (CharSequence) new String(JsonStringEncoder.getInstance()
                                    .quoteAsString(v.isTextual() ? v.textValue() : v.toString())))
                            .orElse("");
                } else {
                    piece = value.isEmpty() ? "null" : json(value.get(), part.depth());
                }
            }
            if (out.length() + (long) piece.length() > maxChars) {
                throw new OutputTooLarge("the filled template passes " + maxChars + " characters at <"
                        + (part.variable() == null ? "its text" : part.variable()) + ">");
            }
            out.append(piece);
        }
        return out.toString();
    }

    /** The value's JSON, refused when it would nest past the bound inside {@code enclosing} levels. */
    private static String json(JsonNode value, int enclosing) throws OutputTooDeep {
        if (!value.isContainerNode()) {
            return value.toString();
        }
        int allowed = Math.max(0, OutputTooDeep.MAX_DEPTH - enclosing);
        try {
            // As bytes: Jackson 2.22's writer to a String lets one level more through than its bound.
            byte[] bytes =
                    WRITERS.computeIfAbsent(allowed, InputTemplate::writer).writeValueAsBytes(value);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StreamConstraintsException) {
                    throw new OutputTooDeep("the filled template would nest objects and arrays deeper than "
                            + OutputTooDeep.MAX_DEPTH + " levels");
                }
            }
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** A writer of at most {@code levels} levels: its depth check is the one every write makes anyway. */
    private static ObjectWriter writer(int levels) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamWriteConstraints(StreamWriteConstraints.builder()
                                .maxNestingDepth(levels)
                                .build())
                        .build())
                .build()
                .writer();
    }
}
