package dev.signalbox.rules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.sql.EvaluationRuntime;
import io.cloudevents.sql.impl.expressions.LikeExpression;
import io.cloudevents.sql.impl.expressions.ValueExpression;
import io.cloudevents.sql.impl.runtime.ExpressionImpl;
import java.net.URI;
import java.util.Random;
import org.antlr.v4.runtime.misc.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CESQL v1's LIKE, as {@link LikePattern} matches it. Patterns and values here are the strings
 * after the string literal's own escapes ({@code 'a\%b'} in a filter is the pattern a, backslash,
 * %, b), written in Java source with its own escaping.
 */
class LikePatternTest {
    private static final CloudEvent PROBE = CloudEventBuilder.v1()
            .withId("probe")
            .withSource(URI.create("/probe"))
            .withType("probe")
            .build();

    @ParameterizedTest(name = "''{0}'' LIKE ''{1}'' is {2}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            emptyValue = "",
            value = {
                // Exact, whole-value, case-sensitive
                "abc         | abc        | true",
                "abc         | ab         | false",
                "abc         | bc         | false",
                "abc         | ABC        | false",
                "ab.c        | ab.c       | true",
                "abxc        | ab.c       | false", // '.' is no wildcard
                "a(b         | a(b        | true",
                // %: any sequence, also none
                "abc         | a%b%c      | true",
                "azzzbzzzc   | a%b%c      | true",
                "ac          | a%c        | true",
                "abc         | %          | true",
                "\"\"          | %          | true",
                "\"\"          | %%         | true",
                "abc         | %%c        | true",
                "ab.cde      | .%.%.      | false",
                ".ab.cde.    | .%.%.      | true",
                // _: exactly one
                "azbzc       | a_b_c      | true",
                "abc         | a_b_c      | false",
                "abzc        | a_b_c      | false",
                "\"\"          | _          | false",
                "ab          | _          | false",
                "a           | _%         | true",
                "\"\"          | _%         | false",
                // escapes: \% and \_ are the characters; any other backslash is itself
                "a%b%c       | a\\%b\\%c  | true",
                "abc         | a\\%b\\%c  | false",
                "a_b_c       | a\\_b\\_c  | true",
                "azbzc       | a\\_b\\_c  | false",
                "abc123123%456_dzf | abc%123\\%456\\_d_f | true",
                "ab\\c       | ab\\c      | true",
                "ab\\        | ab\\       | true",
                "ab\\%       | ab\\\\%    | true", // a literal backslash, then a literal %
                "ab\\x       | ab\\\\%    | false",
                // the empty pattern matches only the empty value
                "\"\"          | \"\"         | true",
                "a           | \"\"         | false",
            })
    void matchesAsCesqlSays(String value, String pattern, boolean expected) {
        assertEquals(expected, LikePattern.of(pattern).matches(value));
    }

    @Test
    void wildcardsMatchWholeCodePointsAndLineTerminators() {
        String emoji = new String(Character.toChars(0x1F600));
        assertTrue(LikePattern.of("a_b").matches("a" + emoji + "b"), "one _ is one character, not one char");
        assertFalse(LikePattern.of("a__b").matches("a" + emoji + "b"));
        assertTrue(LikePattern.of("a%b").matches("a\nx\r\nb"), "% is any sequence (the regex's . was not)");
        assertTrue(LikePattern.of("a_b").matches("a\nb"));
    }

    @Test
    void manyWildcardsOverALongValueAnswerPromptly() {
        // The regex form backtracks in O(n^4) here: hours for n = 3,000. This walk is O(n * m).
        String value = "a".repeat(200_000);
        assertFalse(LikePattern.of("%a%a%a%b").matches(value));
        assertTrue(LikePattern.of("%a%a%a%a").matches(value));
        assertFalse(LikePattern.of("%" + "a%".repeat(50) + "b").matches(value));
    }

    /**
     * cloudevents-sql 4.0.1's regex LIKE is an oracle where it is right: over short values and
     * patterns of a, b, '.', %, _ and backslash (no line terminators, no \E) both must agree.
     */
    @Test
    void agreesWithTheLibrarysLikeOnShortStrings() {
        char[] alphabet = {'a', 'b', '.', '%', '_', '\\'};
        Random random = new Random(20261121);
        for (int i = 0; i < 20_000; i++) {
            String pattern = random(random, alphabet, 6);
            String value = random(random, alphabet, 7);
            assertEquals(
                    library(value, pattern),
                    LikePattern.of(pattern).matches(value),
                    () -> "'" + value + "' LIKE '" + pattern + "'");
        }
    }

    private static String random(Random random, char[] alphabet, int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return text.toString();
    }

    private static boolean library(String value, String pattern) {
        Interval at = new Interval(0, 0);
        LikeExpression like = new LikeExpression(at, "like", new ValueExpression(at, "value", value), pattern);
        return (Boolean) new ExpressionImpl(like)
                .evaluate(EvaluationRuntime.getDefault(), PROBE)
                .value();
    }
}
