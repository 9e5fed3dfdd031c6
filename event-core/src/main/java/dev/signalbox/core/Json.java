package dev.signalbox.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
    static final JsonFactory FACTORY = JsonFactory.builder().build();
    static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** "line L, column C: reason" for a parse error, the way a client can find it. */
    static String describe(JsonProcessingException e) {
        var where = e.getLocation();
        String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        return at + ": " + e.getOriginalMessage();
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
