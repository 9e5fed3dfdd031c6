package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CesqlFilterTest {
    private static Event event() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "e1");
        attributes.put("source", "https://shop.example/orders");
        attributes.put("type", "com.example.order.created");
        attributes.put("subject", "orders/42");
        attributes.put("time", "2025-03-01T10:00:00Z");
        attributes.put("datacontenttype", "application/json");
        attributes.put("retries", 3);
        attributes.put("sampled", true);
        attributes.put("tenant", "acme");
        return new Event(attributes, "{\"amount\": 5}".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "type = 'com.example.order.created'                     | true",
                "type LIKE 'com.example.%'                              | true",
                "type LIKE 'com.other.%'                                | false",
                "retries > 2 AND sampled                                | true",
                "retries >= 4 OR tenant = 'acme'                        | true",
                "NOT sampled                                            | false",
                "EXISTS tenant AND NOT EXISTS missing                   | true",
                "subject = 'orders/42' AND source LIKE 'https://%'      | true",
                "UPPER(tenant) = 'ACME'                                 | true",
                "missing = 'x'                                          | false",
                "retries + tenant = 1                                   | false",
                "ABS(tenant) = 1                                        | false",
                "LENGTH(tenant) = 4 AND INT('12') = 12                  | true",
                "sampled = TRUE AND retries = '3'                       | true",
                "tenant IN ('acme', 'other')                            | true",
                "FALSE AND missing = 1                                  | false",
                "EXISTS time AND EXISTS datacontenttype                  | true"
            })
    void evaluatesAgainstAttributesAndExtensions(String expression, boolean expected) {
        assertEquals(expected, CesqlFilter.parse(expression).matches(event()), expression);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "type =                 | line 1, column 7",
                "type ==== 'x'          | line 1, column 7",
                "(type = 'x'            | line 1, column 12",
                "type = 'x' AND         | line 1, column 15",
                "'unterminated          | line 1, column 1"
            })
    void parseErrorsSayWhere(String expression, String where) {
        SignalboxException e = assertThrows(SignalboxException.class, () -> CesqlFilter.parse(expression));
        assertEquals(ErrorType.PATTERN_INVALID, e.type());
        assertTrue(e.detail().contains(where), e.detail());
        assertEquals(1, e.violations().size());
    }

    // Fails before the static checks: each of these was accepted and then never matched.
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "NOSUCH(type) = 'x'                 | line 1, column 1: there is no function NOSUCH",
                "type = 'a' AND frobnicate() = 1    | line 1, column 16: there is no function FROBNICATE",
                "LENGTH(type, source) > 3           | line 1, column 1: LENGTH takes 1 argument(s), not 2",
                "SUBSTRING(type) = 'x'              | line 1, column 1: SUBSTRING takes 2 or 3 argument(s), not 1",
                "CONCAT_WS() = ''                   | line 1, column 1: CONCAT_WS takes at least 1 argument(s), not 0",
                "ABS('abc') = 1                     | line 1, column 5: 'abc' is a String that cannot be cast to Integer",
                "retries + 'x' = 1                  | line 1, column 11: 'x' is a String that cannot be cast to Integer",
                "LEFT(type, 'two') = 'co'           | line 1, column 12: 'two' is a String that cannot be cast to Integer",
                "NOT 'maybe'                        | line 1, column 5: 'maybe' is a String that cannot be cast to Boolean",
                "'abc' = LENGTH(type)               | line 1, column 1: 'abc' is a String that cannot be cast to Integer",
                "LENGTH(type) IN (1, 'two')         | line 1, column 21: 'two' is a String that cannot be cast to Integer",
                "retries > 10 / 0                   | line 1, column 11: 10 / 0 always fails (MATH)",
                "'a string, not a boolean'          | line 1, column 1: the result is a String, never a Boolean",
                "retries + 1                        | line 1, column 1: the result is an Integer, never a Boolean",
                "LOWER(type)                        | line 1, column 1: the result is a String, never a Boolean",
                "42                                 | line 1, column 1: the result is an Integer, never a Boolean"
            })
    void refusesWhatCanNeverWork(String expression, String problem) {
        SignalboxException e = assertThrows(SignalboxException.class, () -> CesqlFilter.parse(expression));
        assertEquals(ErrorType.PATTERN_INVALID, e.type());
        assertTrue(e.detail().contains(problem), e.detail());
        assertEquals(problem, e.violations().get(0).message().substring(0, problem.length()));
    }

    @Test
    void reportsEveryProblem() {
        SignalboxException e =
                assertThrows(SignalboxException.class, () -> CesqlFilter.parse("NOPE(1) = 1 OR ABS('x') = 1"));
        assertEquals(2, e.violations().size(), e.detail());
    }

    @Test
    void longConstantChainsAreFoldedOnce() {
        // Each constant part is evaluated once (re-parsing each part's text took about a minute here).
        int terms = 250;
        String sum = "1" + " + 1".repeat(terms - 1);
        assertTrue(CesqlFilter.parse(sum + " = " + terms).matches(event()));
        SignalboxException e = assertThrows(SignalboxException.class, () -> CesqlFilter.parse(sum + " + 'x' = 1"));
        assertTrue(e.detail().contains("'x' is a String that cannot be cast to Integer"), e.detail());
    }

    @Test
    void nestingIsBounded() {
        // 1,000 levels overflowed a test thread's stack (a 500 at the API); refused with a reason instead.
        String deep = "type = 'a'" + " OR type = 'a'".repeat(300);
        SignalboxException e = assertThrows(SignalboxException.class, () -> CesqlFilter.parse(deep));
        assertTrue(e.detail().contains("nested 302 levels deep, more than the 256 accepted"), e.detail());
        String wide = "type IN (" + "'a', ".repeat(600) + "'b')";
        assertFalse(CesqlFilter.parse(wide).matches(event()));
    }

    @Test
    void explainsWhatTheFilterGave() {
        assertEquals(
                "{\"result\":true}",
                CesqlFilter.parse("tenant = 'acme'").explain(event()).toString());
        var missing = CesqlFilter.parse("missing = 'x'").explain(event());
        assertFalse(missing.get("result").booleanValue());
        assertEquals(
                "MISSING_ATTRIBUTE", missing.at("/explanation/errors/0/kind").textValue());
        assertEquals("missing", missing.at("/explanation/errors/0/expression").textValue());
        var no = CesqlFilter.parse("tenant = 'other'").explain(event());
        assertEquals(false, no.at("/explanation/value").booleanValue());
        assertEquals(0, no.at("/explanation/errors").size());
        assertEquals(
                "The filter evaluated to FALSE.", no.at("/explanation/reason").textValue());
    }

    @Test
    void keepsItsText() {
        CesqlFilter filter = CesqlFilter.parse("sampled");
        assertEquals("sampled", filter.expression());
        assertEquals(CesqlFilter.parse("sampled"), filter);
        assertFalse(filter.equals(CesqlFilter.parse("NOT sampled")));
    }

    /**
     * cloudevents-sql turned LIKE into a java.util.regex and called matches(), so '%a%a%a%b'
     * backtracked in O(n^4) over a value of n 'a's (400 characters took ~2 s, 3,000 hours) on the
     * router's event loop. LIKE is now matched in O(n * m). The timeout only guards against a hang;
     * speed is the benchmarks' business, never a unit test's.
     */
    @Test
    void likeWithSeveralWildcardsIsLinearInTheValue() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "e1");
        attributes.put("source", "/s");
        attributes.put("type", "t");
        attributes.put("subject", "a".repeat(200_000));
        CesqlFilter filter = CesqlFilter.parse("subject LIKE '%a%a%a%b'");
        CesqlFilter negated = CesqlFilter.parse("subject NOT LIKE '%a%a%a%b'");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            assertFalse(filter.matches(new Event(attributes, null)));
            assertTrue(negated.matches(new Event(attributes, null)));
        });
    }

    /** A constant LIKE is evaluated when the rule is created: that must not backtrack either. */
    @Test
    void aConstantLikeIsCheckedWithoutBacktracking() {
        String expression = "'" + "a".repeat(3_000) + "' LIKE '%a%a%a%b' OR sampled";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(30),
                () -> assertTrue(CesqlFilter.parse(expression).matches(event())));
    }

    /** LIKE casts its operand to String as CESQL and the library do; a missing one is an error. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "retries LIKE '3'                      | true",
                "retries LIKE '_'                      | true",
                "retries LIKE '3%0'                    | false",
                "sampled LIKE 'tr%'                    | true",
                "sampled LIKE 'TRUE'                   | false",
                "234 LIKE '23_' AND sampled            | true",
                "TRUE LIKE '%ue' AND sampled           | true",
                "subject LIKE 'orders/__'              | true",
                "subject LIKE 'Orders/%'               | false",
                "subject NOT LIKE 'orders/%'           | false",
                "type LIKE 'com_example_order_created' | true",
                "type LIKE 'com\\_example%'          | false",
                "nothere LIKE '%'                      | false",
                "nothere NOT LIKE '%'                  | false",
            })
    void likeCastsItsOperandAndFailsOnAMissingOne(String expression, boolean expected) {
        assertEquals(expected, CesqlFilter.parse(expression).matches(event()), expression);
    }
}
