package dev.signalbox.rules.impl;

import io.cloudevents.sql.generated.CESQLParserLexer;
import io.cloudevents.sql.generated.CESQLParserParser;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * The first syntax error of a CloudEvents SQL expression, with its line and column, read with
 * cloudevents-sql's own ANTLR grammar.
 *
 * <p>Stateless, thread-safe. cloudevents-sql 4.0.1 reports most errors with a character range but
 * throws a NullPointerException for some (a missing token it recovers from), so the position is
 * always taken from the grammar directly.
 */
public final class CesqlSyntax {
    private CesqlSyntax() {}

    /** Where and what the first syntax error is, or empty when the grammar accepts the text. */
    public static Optional<String> firstError(String expression) {
        String[] found = new String[1];
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(
                    Recognizer<?, ?> recognizer,
                    Object symbol,
                    int line,
                    int column,
                    String message,
                    RecognitionException e) {
                if (found[0] == null) {
                    found[0] = "line " + line + ", column " + (column + 1) + ": " + message;
                }
            }
        };
        CESQLParserLexer lexer = new CESQLParserLexer(CharStreams.fromString(expression));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        CESQLParserParser parser = new CESQLParserParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        parser.cesql();
        return Optional.ofNullable(found[0]);
    }
}
