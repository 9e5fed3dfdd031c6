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
                "[1]                                  | ''               | must be a JSON object",
                "\"x\"                                | ''               | must be a JSON object",
                "{}                                   | ''               | at least one field",
                "{\"source\": \"x\"}                  | /source          | must be an array of values",
                "{\"source\": 5}                      | /source          | not a number",
                "{\"source\": []}                     | /source          | is empty",
                "{\"source\": [{\"prefix\": \"a\"}]}  | /source/0        | operator 'prefix' is not supported yet",
                "{\"n\": [1, {\"numeric\": [\">\", 0]}]} | /n/1          | operator 'numeric' is not supported yet",
                "{\"n\": [{\"foo\": 1}]}              | /n/0             | 'foo' is not a known operator",
                "{\"n\": [{}]}                        | /n/0             | a single operator",
                "{\"n\": [[\"a\"]]}                   | /n/0             | must not contain arrays",
                "{\"data\": {\"amount\": 5}}          | /data/amount     | must be an array of values",
                "{\"data\": {}}                       | /data            | is empty",
                "{\"data\": {\"x\": {\"y\": null}}}   | /data/x/y        | not null",
                "{\"a/b\": {\"c~d\": true}}           | /a~1b/c~0d       | not a boolean",
                "{\"$or\": [{\"a\": [1]}, {\"b\": [2]}]} | /$or          | operator '$or' is not supported yet"
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
                        "{\"source\": [], \"type\": [\"ok\"], \"data\": {\"a\": 1, \"b\": [{\"prefix\": \"x\"}, 2,"
                                + " {\"suffix\": \"y\"}]}}"));
        assertEquals(
                List.of("/source", "/data/a", "/data/b/0", "/data/b/2"),
                e.violations().stream().map(Violation::pointer).toList());
        assertTrue(e.detail().contains("/source") && e.detail().contains("3 more"), e.detail());
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
