package dev.signalbox.rules;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.rules.impl.CesqlSyntax;
import dev.signalbox.rules.impl.CloudEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.Parser;
import io.cloudevents.sql.Result;
import java.util.List;
import java.util.Objects;

/**
 * A rule's CloudEvents SQL filter ({@code "filter": {"cesql": "type LIKE 'com.example.%' AND
 * retries > 2"}}), evaluated with cloudevents-sql against the event's context attributes and
 * extensions.
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
     *     syntax error
     */
    public static CesqlFilter parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        try {
            return new CesqlFilter(expression, Parser.parseDefault(expression));
        } catch (RuntimeException e) {
            String where = CesqlSyntax.firstError(expression).orElseGet(() -> describe(e));
            String detail = "The CloudEvents SQL filter does not parse at " + where;
            throw new SignalboxException(ErrorType.PATTERN_INVALID, detail, List.of(new Violation("", detail)));
        }
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
