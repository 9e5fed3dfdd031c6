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
import dev.signalbox.rules.impl.CompiledPattern;
import dev.signalbox.rules.impl.EventFields;
import dev.signalbox.rules.impl.PatternCompiler;
import dev.signalbox.rules.impl.PatternExplainer;
import java.util.List;

/**
 * A parsed, validated EventBridge event pattern.
 *
 * <p>Immutable and thread-safe: it keeps its own copy of the JSON it was parsed from and hands
 * out copies, so one instance can be shared by every router thread.
 *
 * <p>Semantics are aws/event-ruler 2.1.0's {@code rulesForJSONEvent}, checked against it
 * differentially: the pattern's nested keys (and dotted keys alike) name dot-joined fields; every
 * field must match; a field matches when some scalar at its path passes some entry of its value
 * list (exact values, {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code
 * wildcard}, {@code anything-but}, {@code numeric}, {@code exists}, {@code cidr}); arrays match
 * when any element does, and fields taken from an array of objects must come from one element;
 * {@code $or} matches when any alternative does. Numbers compare as binary64 doubles when they are
 * exactly one. See the module README for the whole language and the few places where this engine
 * deliberately differs.
 */
public final class EventPattern {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // json() should give back 1.50 as 1.50: it is shown to the user who wrote it.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final JsonNode json;
    private final CompiledPattern compiled;

    private EventPattern(JsonNode json, CompiledPattern compiled) {
        this.json = json;
        this.compiled = compiled;
    }

    /**
     * Parses a pattern (a JSON object), e.g. {@code {"source": ["orders"], "data": {"amount":
     * [{"numeric": [">", 100]}]}}.
     *
     * @throws SignalboxException {@link ErrorType#PATTERN_INVALID} with one {@link Violation} per
     *     problem, each pointing into the pattern (e.g. {@code /data/amount}, {@code /source/0})
     */
    public static EventPattern parse(JsonNode pattern) {
        // The compiled form keeps pieces of the JSON it came from (for explanations): compile the
        // copy this pattern keeps, so that a pattern holds its JSON once.
        JsonNode copy = pattern == null ? null : pattern.deepCopy();
        PatternCompiler.Result result = PatternCompiler.compile(copy);
        if (!result.violations().isEmpty()) {
            throw invalid(result.violations());
        }
        return new EventPattern(copy, result.pattern());
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
        if (event == null || !event.isObject()) {
            return false;
        }
        return compiled.matches(EventFields.of(event, compiled.names(), false));
    }

    /**
     * Whether the event matches and, when it does not, which field failed and why: the closest
     * {@code $or} alternative's first failing field (in event-ruler's order, by name), with the
     * JSON Pointer of its value list in the pattern, where the event has (or lacks) the field,
     * the condition as written and a sentence a person can act on.
     */
    public Explanation explain(JsonNode event) {
        return PatternExplainer.explain(compiled, event)
                .map(f -> Explanation.mismatch(
                        new Explanation.Mismatch(f.patternPointer(), f.eventPath(), f.condition(), f.reason())))
                .orElseGet(Explanation::match);
    }

    /** The pattern as given (a copy the caller may change). */
    public JsonNode json() {
        return json.deepCopy();
    }

    // For PatternMachine: the compiled form, shared immutably.
    CompiledPattern compiled() {
        return compiled;
    }

    /**
     * Patterns are equal when they test the same fields the same way: {@code {"n":[1.5, 2]}}
     * equals {@code {"n":[1.50, 2]}}, and {@code {"a":{"b":[1]}}} equals {@code {"a.b":[1]}}.
     * This lets a rule store skip recompiling an unchanged pattern whatever JSON library produced it.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof EventPattern that && compiled.equals(that.compiled);
    }

    @Override
    public int hashCode() {
        return compiled.hashCode();
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
