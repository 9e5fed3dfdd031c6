package dev.signalbox.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.rules.impl.PatternCompiler;
import dev.signalbox.rules.impl.PatternNode;
import java.util.List;

/**
 * A parsed, validated EventBridge event pattern.
 *
 * <p>Immutable and thread-safe: it keeps its own copy of the JSON it was parsed from and hands
 * out copies, so one instance can be shared by every router thread.
 *
 * <p>Semantics follow aws/event-ruler's {@code rulesForJSONEvent}: every leaf field must match;
 * a leaf matches when the event value at that path equals any listed value; an array in the
 * event (at the leaf or anywhere on the path) matches when any element does, and the fields of
 * one sub-pattern must then be found in the same array element. Strings match strings only, case
 * sensitively; numbers compare by decimal value ({@code 5} matches {@code 5.0} and {@code 5e0});
 * {@code true}, {@code false} and {@code null} match themselves; a missing field matches nothing,
 * not even {@code null}. Unlike event-ruler, a key containing a dot is not confused with a nested
 * path: {@code {"a.b": [1]}} does not match {@code {"a": {"b": 1}}}.
 */
public final class EventPattern {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // json() should give back 1.50 as 1.50: it is shown to the user who wrote it.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final JsonNode json;
    private final PatternNode.Branch tree;

    private EventPattern(JsonNode json, PatternNode.Branch tree) {
        this.json = json;
        this.tree = tree;
    }

    /**
     * Parses a pattern (a JSON object). In this cut only exact-value matching is supported: every
     * leaf is a non-empty JSON array of strings, numbers, booleans or null; nested objects descend
     * into the event (e.g. {@code {"data":{"customer":{"tier":["gold"]}}}}).
     *
     * @throws SignalboxException {@link ErrorType#PATTERN_INVALID} with one {@link Violation} per
     *     problem, each pointing into the pattern (e.g. {@code /data/amount}, {@code /source/0})
     */
    public static EventPattern parse(JsonNode pattern) {
        PatternCompiler.Result result = PatternCompiler.compile(pattern);
        if (!result.violations().isEmpty()) {
            throw invalid(result.violations());
        }
        return new EventPattern(pattern.deepCopy(), result.tree());
    }

    /**
     * Parses a pattern from JSON text.
     *
     * @throws SignalboxException {@link ErrorType#PATTERN_INVALID}; for malformed JSON the detail
     *     gives the line and column
     */
    public static EventPattern parse(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String detail = "The pattern is not valid JSON" + where + ": " + e.getOriginalMessage();
            throw new SignalboxException(ErrorType.PATTERN_INVALID, detail, List.of(new Violation("", detail)));
        }
        return parse(node);
    }

    /** Whether the event (a JSON object) matches; anything but an object matches nothing. */
    public boolean matches(JsonNode event) {
        return event != null && event.isObject() && tree.matchesObject(event);
    }

    /** The pattern as given (a copy the caller may change). */
    public JsonNode json() {
        return json.deepCopy();
    }

    // For PatternMachine: the compiled form, shared immutably.
    PatternNode.Branch tree() {
        return tree;
    }

    /**
     * Patterns are equal when they test the same fields for the same canonical values: {@code
     * {"n":[1.5, 2]}} equals {@code {"n":[2, 1.50]}}. This lets a rule store skip recompiling an
     * unchanged pattern whatever JSON library produced it.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof EventPattern that && tree.equals(that.tree);
    }

    @Override
    public int hashCode() {
        return tree.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }

    private static SignalboxException invalid(List<Violation> violations) {
        Violation first = violations.get(0);
        String where = first.pointer().isEmpty() ? "" : " at " + first.pointer();
        String more = violations.size() == 1 ? "" : " (and " + (violations.size() - 1) + " more)";
        String detail = "The event pattern is invalid" + where + ": " + first.message() + more;
        return new SignalboxException(ErrorType.PATTERN_INVALID, detail, violations);
    }
}
