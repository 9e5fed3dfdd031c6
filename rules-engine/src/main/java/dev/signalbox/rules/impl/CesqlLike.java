package dev.signalbox.rules.impl;

import io.cloudevents.CloudEvent;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.ExceptionFactory;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.ExpressionInternalVisitor;
import io.cloudevents.sql.impl.expressions.BaseExpression;
import io.cloudevents.sql.impl.runtime.EvaluationResult;
import org.antlr.v4.runtime.misc.Interval;

/**
 * A {@code value LIKE 'pattern'} node of a cloudevents-sql expression tree, matched with {@link
 * LikePattern} instead of the library's regex (see there why). The operand is cast to String as
 * the library's own LIKE casts it (an Integer 234 is "234", TRUE is "true"), and a failed cast or
 * missing attribute keeps its errors in the result, so a filter fails exactly where it did.
 *
 * <p>Immutable and thread-safe, as the library's nodes are.
 */
public final class CesqlLike extends BaseExpression {
    private final ExpressionInternal operand;
    private final LikePattern pattern;

    CesqlLike(Interval interval, String text, ExpressionInternal operand, LikePattern pattern) {
        super(interval, text);
        this.operand = operand;
        this.pattern = pattern;
    }

    @Override
    public EvaluationResult evaluate(EvaluationRuntime runtime, CloudEvent event, ExceptionFactory thrower) {
        EvaluationResult value = castToString(thrower, operand.evaluate(runtime, event, thrower));
        return value.copyWithValue(value.value() instanceof String text && pattern.matches(text));
    }

    /**
     * Seen as a plain node, as the library's LIKE is: constant folding leaves it and its operand
     * alone, as before.
     */
    @Override
    public <T> T visit(ExpressionInternalVisitor<T> visitor) {
        return visitor.visitExpressionInternal(this);
    }
}
