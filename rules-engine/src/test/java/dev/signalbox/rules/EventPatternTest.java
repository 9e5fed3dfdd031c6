package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventPatternTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[1]                                     | ''                 | must be a JSON object",
                "\"x\"                                   | ''                 | must be a JSON object",
                "{}                                      | ''                 | at least one field",
                "{\"source\": \"x\"}                     | /source            | must be an array of values",
                "{\"source\": 5}                         | /source            | not a number",
                "{\"source\": []}                        | /source            | is empty",
                "{\"source\": [{\"prefix\": 5}]}         | /source/0/prefix   | takes a string",
                "{\"n\": [1, {\"numeric\": [\">=\", 5, \"<=\", 5]}]} | /n/1/numeric | lower bound must be less",
                "{\"n\": [{\"numeric\": [\">\", 1e400]}]}  | /n/0/numeric/1     | 64-bit double",
                "{\"n\": [{\"foo\": 1}]}                 | /n/0               | 'foo' is not a known operator",
                "{\"n\": [{}]}                           | /n/0               | needs one operator",
                "{\"n\": [[\"a\"]]}                      | /n/0               | not an array",
                "{\"n\": [{\"wildcard\": \"a**\"}]}      | /n/0/wildcard      | two wildcard characters",
                "{\"n\": [{\"wildcard\": \"a\\\\b\"}]}  | /n/0/wildcard      | invalid escape",
                "{\"n\": [{\"cidr\": \"10.0.0.0/32\"}]}  | /n/0/cidr          | below 32",
                "{\"n\": [{\"anything-but\": [1, \"a\"]}]} | /n/0/anything-but | all strings or all numbers",
                "{\"n\": [{\"anything-but\": {\"prefix\": \"\"}}]} | /n/0/anything-but/prefix | empty prefix",
                "{\"n\": [{\"exists\": \"yes\"}]}        | /n/0/exists        | true or false",
                "{\"data\": {\"amount\": 5}}             | /data/amount       | must be an array of values",
                "{\"data\": {}}                          | /data              | at least one field",
                "{\"data\": {\"x\": {\"y\": null}}}      | /data/x/y          | not null",
                "{\"a/b\": {\"c~d\": true}}              | /a~1b/c~0d         | not a boolean",
                "{\"$or\": [{\"a\": [1]}]}               | /$or               | at least two",
                "{\"$or\": {\"a\": [1]}}                 | /$or               | array of at least two",
                "{\"$or\": [{\"a\": [1]}, 5]}            | /$or/1             | must be an object",
                "{\"$or\": [{\"prefix\": [1]}, {\"b\": [2]}]} | /$or/0/prefix | operator name"
            })
    void reportsWhereThePatternIsWrong(String json, String pointer, String message) {
        SignalboxException e = assertThrows(SignalboxException.class, () -> EventPattern.parse(json));
        assertEquals(ErrorType.PATTERN_INVALID, e.type());
        assertEquals(1, e.violations().size(), e.violations()::toString);
        assertEquals(pointer, e.violations().get(0).pointer());
        assertTrue(
                e.violations().get(0).message().contains(message),
                e.violations().get(0).message());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        SignalboxException e = assertThrows(
                SignalboxException.class,
                () -> EventPattern.parse(
                        "{\"source\": [], \"type\": [\"ok\"], \"data\": {\"a\": 1, \"b\": [{\"prefix\": 5}, 2,"
                                + " {\"suffix\": [\"y\"]}]}}"));
        assertEquals(
                List.of("/source", "/data/a", "/data/b/0/prefix", "/data/b/2/suffix"),
                e.violations().stream().map(Violation::pointer).toList());
        assertTrue(e.detail().contains("/source") && e.detail().contains("3 more"), e.detail());
    }

    @Test
    void orExpandsToAtMostAThousandCombinations() {
        String ten = "[" + String.join(",", java.util.Collections.nCopies(10, "{\"a\": [1]}")) + "]";
        String three = "{\"x\": {\"$or\": " + ten + "}, \"y\": {\"$or\": " + ten + "}, \"z\": {\"$or\": " + ten + "}}";
        EventPattern.parse(three);
        String four = "{\"w\": {\"$or\": " + ten + "}, " + three.substring(1);
        SignalboxException e = assertThrows(SignalboxException.class, () -> EventPattern.parse(four));
        assertTrue(e.detail().contains("1000 combinations"), e.detail());
        String deep = "{\"$or\": [" + String.join(",", java.util.Collections.nCopies(2, four)) + "]}";
        assertThrows(SignalboxException.class, () -> EventPattern.parse(deep));
    }

    @Test
    void aConjunctionTestsAtMost256Fields() {
        StringBuilder fields = new StringBuilder("{");
        for (int i = 0; i < 257; i++) {
            fields.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": [1]");
        }
        assertThrows(SignalboxException.class, () -> EventPattern.parse(fields + "}"));
        EventPattern.parse(fields.substring(0, fields.lastIndexOf(",")) + "}");
    }

    @Test
    void nestedAndDottedSpellingsAreTheSamePattern() {
        assertEquals(EventPattern.parse("{\"a\": {\"b\": [1]}}"), EventPattern.parse("{\"a.b\": [1]}"));
    }

    @Test
    void malformedJsonSaysWhere() {
        SignalboxException e =
                assertThrows(SignalboxException.class, () -> EventPattern.parse("{\n  \"source\": [\"a\",]\n}"));
        assertEquals(ErrorType.PATTERN_INVALID, e.type());
        assertTrue(e.detail().contains("line 2, column"), e.detail());
        assertThrows(SignalboxException.class, () -> EventPattern.parse("{\"a\": [1]} {}"));
        assertThrows(SignalboxException.class, () -> EventPattern.parse(""));
    }

    @Test
    void keepsTheJsonAsGiven() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree("{\"source\": [\"a\"], \"data\": {\"n\": [1.50]}}");
        EventPattern pattern = EventPattern.parse(json);
        json.put("source", "changed");
        assertEquals(
                "{\"source\":[\"a\"],\"data\":{\"n\":[1.5]}}", pattern.json().toString());
        assertNotSame(pattern.json(), pattern.json());
        ((ObjectNode) pattern.json()).removeAll();
        assertEquals(2, pattern.json().size());
        assertEquals(EventPattern.parse("{\"data\": {\"n\": [1.50, 1.5e0]}, \"source\": [\"a\"]}"), pattern);
        assertEquals(
                EventPattern.parse("{\"data\": {\"n\": [15e-1]}, \"source\": [\"a\"]}")
                        .hashCode(),
                pattern.hashCode());
        assertNotEquals(EventPattern.parse("{\"source\": [\"a\"], \"data\": {\"n\": [\"1.5\"]}}"), pattern);
    }

    @Test
    void keepsTheSpellingOfDecimals() {
        assertEquals(
                "{\"n\":[1.50]}", EventPattern.parse("{\"n\": [1.50]}").json().toString());
    }

    @Test
    void onlyObjectsMatch() throws Exception {
        EventPattern pattern = EventPattern.parse("{\"a\": [1]}");
        ObjectMapper mapper = new ObjectMapper();
        assertTrue(pattern.matches(mapper.readTree("{\"a\": 1}")));
        assertEquals(false, pattern.matches(mapper.readTree("[{\"a\": 1}]")));
        assertEquals(false, pattern.matches(null));
        assertEquals(
                false, new PatternMachine().matchingRules(mapper.readTree("1")).contains("x"));
    }
}
