package dev.signalbox.rules.impl;

import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * The violations a compilation collects, each pointing into the pattern.
 *
 * <p>Confined to one compilation on one thread. The compiler keeps going after a problem so that
 * a client can fix a whole pattern in one round trip.
 */
final class Problems {
    private final List<Violation> violations = new ArrayList<>();

    void add(String pointer, String message) {
        violations.add(new Violation(pointer, message));
    }

    boolean isEmpty() {
        return violations.isEmpty();
    }

    int size() {
        return violations.size();
    }

    List<Violation> list() {
        return List.copyOf(violations);
    }

    static String kind(com.fasterxml.jackson.databind.JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "an unsupported value";
        };
    }
}
