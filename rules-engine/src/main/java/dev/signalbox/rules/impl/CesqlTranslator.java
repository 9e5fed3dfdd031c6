package dev.signalbox.rules.impl;

import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.ExceptionFactory;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser;
import io.cloudevents.sql.impl.ExpressionInternal;
import io.cloudevents.sql.impl.expressions.NotExpression;
import io.cloudevents.sql.impl.parser.CaseChangingCharStream;
import io.cloudevents.sql.impl.parser.ConstantFoldingExpressionVisitor;
import io.cloudevents.sql.impl.parser.ExpressionTranslatorVisitor;
import io.cloudevents.sql.impl.parser.LiteralUtils;
import io.cloudevents.sql.impl.runtime.ExpressionImpl;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * cloudevents-sql's translation of its parse tree into an expression, with one node replaced:
 * {@code LIKE} is a {@link CesqlLike}, which matches in O(value × pattern) time where the library's regex
 * backtracks catastrophically. Everything else (grammar, literals, casts, functions, errors,
 * constant folding) is the library's own, through public classes of its {@code impl} packages
 * tied to the pinned 4.0.1 (CesqlFilterTest and LikePatternTest fail if an upgrade changes them).
 *
 * <p>A translator is used for one tree and is not thread-safe; {@link #parse} is stateless.
 */
public class CesqlTranslator extends ExpressionTranslatorVisitor {

    /**
     * An expression parsed once: the ANTLR tree, which {@link CesqlTypes#problems} walks at rule
     * creation, and the expression translated from that same tree, which is evaluated per event.
     * Keep the tree no longer than the checks need: it holds every token of the text.
     */
    public record Translation(CESQLParserParser.CesqlContext tree, Expression expression) {}

    /**
     * Parses an expression as {@code Parser.parseDefault} does (the same syntax errors, the same
     * {@link ParseException} for a constant part that cannot be evaluated), with LIKE as {@link
     * CesqlLike}.
     */
    public static Translation parse(String expression) {
        CESQLParserLexer lexer =
                new CESQLParserLexer(new CaseChangingCharStream(CharStreams.fromString(expression), true));
        CESQLParserParser parser = new CESQLParserParser(new CommonTokenStream(lexer));
        SyntaxErrors errors = new SyntaxErrors();
        // The library leaves the lexer's listener, which prints to stderr. A lexer error only
        // names the place; the parse fails on what the parser reports, as the library's does.
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        CESQLParserParser.CesqlContext tree = parser.cesql();
        if (errors.hasParserError) {
            throw new SyntaxError(errors.where, errors.failure);
        }
        ExpressionInternal internal = new CesqlTranslator().visit(tree);
        try {
            internal = internal.visit(new ConstantFoldingExpressionVisitor());
        } catch (EvaluationException e) {
            throw ExceptionFactory.cannotEvaluateConstantExpression(e);
        }
        return new Translation(tree, new ExpressionImpl(internal));
    }

    @Override
    public ExpressionInternal visitLikeExpression(CESQLParserParser.LikeExpressionContext ctx) {
        ExpressionInternal operand = visit(ctx.expression());
        CESQLParserParser.StringLiteralContext literal = ctx.stringLiteral();
        String pattern = literal.DQUOTED_STRING_LITERAL() != null
                ? LiteralUtils.parseDQuotedStringLiteral(literal.DQUOTED_STRING_LITERAL())
                : LiteralUtils.parseSQuotedStringLiteral(literal.SQUOTED_STRING_LITERAL());
        ExpressionInternal like =
                new CesqlLike(ctx.getSourceInterval(), ctx.getText(), operand, LikePattern.of(pattern));
        return ctx.NOT() != null ? new NotExpression(ctx.getSourceInterval(), ctx.getText(), like) : like;
    }

    /**
     * A syntax error: {@link #where} is the first error's line and column, lexer's or parser's,
     * for people; the cause, when ANTLR gave an exception to make it from, is the library's own
     * {@link ParseException} for the parser's first error.
     */
    public static final class SyntaxError extends RuntimeException {
        private final String where;

        SyntaxError(String where, ParseException cause) {
            super(where, cause);
            this.where = where;
        }

        /** "line L, column C: message", columns counted from 1. */
        public String where() {
            return where;
        }
    }

    /** Collects where the first error is, and the parser's first error as the library makes it. */
    private static final class SyntaxErrors extends BaseErrorListener {
        private String where;
        private boolean hasParserError;
        private ParseException failure;

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                Object symbol,
                int line,
                int column,
                String message,
                RecognitionException e) {
            if (where == null) {
                where = "line " + line + ", column " + (column + 1) + ": " + message;
            }
            if (!hasParserError && recognizer instanceof CESQLParserParser) {
                hasParserError = true;
                failure = e == null ? null : ExceptionFactory.recognitionError(e, message);
            }
        }
    }
}
