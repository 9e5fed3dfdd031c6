package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/**
 * Over-complex wildcards are refused with event-ruler's measure of complexity; for one pattern
 * per field the measure is event-ruler's own, number for number.
 */
class WildcardComplexityTest {
    private static final int LIMIT = 32;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "a*",
                "*a",
                "a*b",
                "a*b*c",
                "*a*",
                "*a*a*",
                "*a*a*a*",
                "*a*a*a*a*",
                "*aa*aa*aa*",
                "*ab*ab*ab*ab*ab*ab*",
                "*",
                "x*y*z*x*y*z",
                "*abc*abd*abe*",
                "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a"
            })
    void scoresOnePatternAsEventRulerDoes(String wildcard) throws Exception {
        String pattern = "{\"x\": [{\"wildcard\": \"" + wildcard + "\"}]}";
        Machine machine = Machine.builder().build();
        machine.addRule("r", pattern);
        int theirs = machine.evaluateComplexity(new MachineComplexityEvaluator(1_000));
        boolean refused = refused(pattern);
        assertEquals(theirs > LIMIT, refused, wildcard + " scores " + theirs + " in event-ruler");
    }

    @Test
    void refusesTooManyStars() {
        String stars = "*a".repeat(20) + "*";
        SignalboxException e = assertThrows(
                SignalboxException.class,
                () -> EventPattern.parse("{\"data\": {\"x\": [{\"wildcard\": \"" + stars + "\"}]}}"));
        assertEquals(ErrorType.PATTERN_INVALID, e.type());
        assertEquals("/data/x", e.violations().get(0).pointer());
        assertTrue(
                e.violations().get(0).message().contains("too complex"),
                e.violations().get(0).message());
    }

    @Test
    void countsEveryWildcardOfAField() {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            list.append(i == 0 ? "" : ",")
                    .append("{\"wildcard\": \"*")
                    .append((char) ('a' + i))
                    .append("*\"}");
        }
        assertTrue(refused("{\"x\": [" + list + "]}"), "12 patterns of complexity 3 on one field");
        assertTrue(!refused("{\"x\": [{\"wildcard\": \"*a*\"}], \"y\": [{\"wildcard\": \"*b*\"}]}"));
        assertTrue(refused("{\"x\": [{\"anything-but\": {\"wildcard\": [\"" + "*q".repeat(17) + "*\"]}}]}"));
    }

    private static boolean refused(String pattern) {
        try {
            EventPattern.parse(pattern);
            return false;
        } catch (SignalboxException e) {
            return true;
        }
    }
}
