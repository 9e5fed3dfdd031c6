package dev.signalbox.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.rules.impl.CesqlTranslator;
import dev.signalbox.rules.impl.CesqlTypes;
import dev.signalbox.rules.impl.CloudEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.Result;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule's CloudEvents SQL filter ({@code "filter": {"cesql": "type LIKE 'com.example.%' AND
 * retries > 2"}}), evaluated with cloudevents-sql against the event's context attributes and
 * extensions. {@code LIKE} is matched by {@link dev.signalbox.rules.impl.LikePattern} in O(value ×
 * pattern) time (the library's regex backtracked for hours on {@code '%a%a%a%b'}).
 *
 * <p>Immutable and thread-safe: cloudevents-sql's parsed expressions and default runtime hold no
 * per-evaluation state. Rules with a filter instead of a pattern are evaluated one by one beside
 * the {@link PatternMachine}; a filter matches only when it evaluates, without error, to {@code
 * true}. An evaluation error (a missing attribute, a failed cast) is a non-match, as the CESQL
 * specification makes errors non-fatal.
 */
public final class CesqlFilter {
    private final String expression;
    private final Expression parsed;

    private CesqlFilter(String expression, Expression parsed) {
        this.expression = expression;
        this.parsed = parsed;
    }

    /**
     * Parses a filter.
     *
     * @throws SignalboxException {@link ErrorType#PATTERN_INVALID} whose detail and single {@link
     *     Violation} (pointer {@code ""}: the expression) give the line and column of the first
     *     syntax error; or, for an expression that parses, whose detail and violations (one each)
     *     give every problem known before any event arrives (see {@link CesqlTypes}): an unknown
     *     function or a wrong number of arguments, a constant that cannot be cast to what it is
     *     given to, a constant part that always fails, a result that is an Integer or a String
     */
    public static CesqlFilter parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        CesqlTranslator.Translation parsed;
        try {
            parsed = CesqlTranslator.parse(expression);
        } catch (RuntimeException e) {
            String where = e instanceof CesqlTranslator.SyntaxError syntax ? syntax.where() : describe(e);
            String detail = "The CloudEvents SQL filter does not parse at " + where;
            throw new SignalboxException(ErrorType.PATTERN_INVALID, detail, List.of(new Violation("", detail)));
        }
        List<String> problems = CesqlTypes.problems(expression, parsed.tree());
        if (!problems.isEmpty()) {
            String detail = "The CloudEvents SQL filter can never work as written: " + String.join("; ", problems);
            throw new SignalboxException(
                    ErrorType.PATTERN_INVALID,
                    detail,
                    problems.stream().map(p -> new Violation("", p)).toList());
        }
        return new CesqlFilter(expression, parsed.expression());
    }

    private static String describe(RuntimeException e) {
        if (e instanceof ParseException parse && parse.getInterval() != null) {
            return "character " + (parse.getInterval().a + 1) + ": " + parse.getMessage();
        }
        return "an unknown position: " + e.getMessage();
    }

    /** Whether the event passes the filter. */
    public boolean matches(Event event) {
        return CloudEvents.of(Objects.requireNonNull(event, "event"))
                .map(this::matches)
                .orElse(false);
    }

    /** Whether the SDK event passes the filter. */
    public boolean matches(CloudEvent event) {
        Result result = parsed.evaluate(EvaluationRuntime.getDefault(), Objects.requireNonNull(event, "event"));
        return !result.isFailed() && Boolean.TRUE.equals(result.value());
    }

    /**
     * The JSON the gateway's pattern tester serves for a filter: {@code {"result": true}}, or
     * {@code {"result": false, "explanation": {"value", "errors", "reason"}}} with what the
     * expression evaluated to and every error cloudevents-sql collected on the way (a missing
     * attribute, a failed cast), each with its kind and the part of the expression it came from.
     */
    public ObjectNode explain(Event event) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Optional<CloudEvent> converted = CloudEvents.of(Objects.requireNonNull(event, "event"));
        if (converted.isEmpty()) {
            out.put("result", false);
            ObjectNode why = out.putObject("explanation");
            why.putNull("value");
            why.putArray("errors");
            why.put("reason", "The event's attributes do not form a CloudEvent the filter can read.");
            return out;
        }
        Result result = parsed.evaluate(EvaluationRuntime.getDefault(), converted.get());
        boolean matched = !result.isFailed() && Boolean.TRUE.equals(result.value());
        out.put("result", matched);
        if (matched) {
            return out;
        }
        ObjectNode why = out.putObject("explanation");
        why.set("value", value(result.value()));
        ArrayNode errors = why.putArray("errors");
        result.causes().forEach(cause -> errors.addObject()
                .put("kind", cause.getKind().name())
                .put("expression", cause.getExpressionText())
                .put("message", cause.getMessage()));
        why.put("reason", reason(result));
        return out;
    }

    private static JsonNode value(Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value instanceof Boolean flag) {
            return nodes.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return nodes.numberNode(number);
        }
        return value == null ? nodes.nullNode() : nodes.textNode(value.toString());
    }

    private String reason(Result result) {
        if (result.isFailed()) {
            EvaluationException first = result.causes().iterator().next();
            return "Evaluating '" + first.getExpressionText() + "' failed (" + first.getKind()
                    + "); an error is a non-match.";
        }
        if (Boolean.FALSE.equals(result.value())) {
            return "The filter evaluated to FALSE.";
        }
        return "The filter evaluated to " + result.value() + ", which is not the Boolean TRUE.";
    }

    /** The filter as written. */
    public String expression() {
        return expression;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CesqlFilter that && expression.equals(that.expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
