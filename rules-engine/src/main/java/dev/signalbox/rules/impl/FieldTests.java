package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One field of a sub-rule: its flattened name, the entries of its value list, and where the list
 * is in the pattern (for problems and explanations).
 *
 * <p>Immutable, thread-safe. Equality ignores the pointer and JSON, so two patterns that test the
 * same things are equal however they were written.
 *
 * @param name the dot-joined path, as event-ruler names fields ({@code data.amount})
 * @param tests the entries; a value passes when any entry passes
 * @param pointer the JSON Pointer of the value list in the pattern
 * @param json the value list as written
 */
public record FieldTests(String name, List<ValueTest> tests, String pointer, JsonNode json) {
    public FieldTests {
        tests = List.copyOf(tests);
    }

    /** Whether the list holds {@code {"exists": false}}: the field may then be absent. */
    public boolean allowsAbsence() {
        for (ValueTest test : tests) {
            if (test instanceof ValueTest.Absent) {
                return true;
            }
        }
        return false;
    }

    /** Whether some entry accepts the scalar. */
    public boolean passes(EventValue value) {
        for (ValueTest test : tests) {
            if (test.test(value)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldTests that
                && name.equals(that.name)
                && java.util.Set.copyOf(tests).equals(java.util.Set.copyOf(that.tests));
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Set.copyOf(tests).hashCode();
    }
}
