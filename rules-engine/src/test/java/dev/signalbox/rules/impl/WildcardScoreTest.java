package dev.signalbox.rules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/** For one wildcard on a field, the complexity is event-ruler's number exactly. */
class WildcardScoreTest {
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
                "ab*ba*ab*",
                "*xyz*",
                "a*a*a*a*a*a*a*a"
            })
    void matchesEventRuler(String wildcard) throws Exception {
        Machine machine = Machine.builder().build();
        machine.addRule("r", "{\"x\": [{\"wildcard\": \"" + wildcard + "\"}]}");
        int theirs = machine.evaluateComplexity(new MachineComplexityEvaluator(1_000));
        assertEquals(theirs, WildcardComplexity.of(Set.of(Wildcard.parse(wildcard))), wildcard);
    }
}
