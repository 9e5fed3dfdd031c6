package dev.signalbox.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Jackson objects this module shares.
 *
 * <p>Jackson factories and configured mappers are thread-safe once built, so one instance each
 * serves every thread. Floats become {@link java.math.BigDecimal} so that rules compare the
 * numbers that were posted, not their nearest doubles.
 */
final class Json {
    /**
     * The deepest nesting of objects and arrays read in one JSON document (Jackson's default,
     * named here so that refusals can say it): a structured event's object is the first level, a
     * batch's array the first and its events the second.
     */
    static final int MAX_NESTING_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .build())
            .build();
    static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** " at line L, column C: reason" for a parse error, the way a client can find it. */
    static String describe(JsonProcessingException e) {
        return where(e) + ": " + reason(e);
    }

    /** "at line L, column C: reason", or the reason alone when the parser gave no location. */
    static String explain(JsonProcessingException e) {
        String where = where(e);
        return where.isEmpty() ? reason(e) : where.substring(1) + ": " + reason(e);
    }

    private static String where(JsonProcessingException e) {
        var where = e.getLocation();
        return where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    /**
     * Why the parse failed. Past the nesting bound, the bound in our words (Jackson's names its
     * own configuration method), the same in every content mode and at delivery.
     */
    static String reason(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException
                && String.valueOf(e.getOriginalMessage()).contains("nesting")) {
            return "objects and arrays nest deeper than " + MAX_NESTING_DEPTH
                    + " levels, the most Signalbox reads in one JSON document";
        }
        return e.getOriginalMessage();
    }

    /**
     * Whether the text is exactly one JSON value (whitespace around it allowed). Every string is
     * decoded on the way, because skipping would not catch bad escapes or control characters.
     */
    static boolean isSingleValue(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            int depth = 0;
            while (token != null) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME) {
                    parser.getText();
                }
                if (depth == 0) {
                    return parser.nextToken() == null;
                }
                token = parser.nextToken();
            }
            return false;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a string cannot fail", e);
        }
    }
}
