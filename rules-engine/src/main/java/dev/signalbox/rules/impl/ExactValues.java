package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A leaf listing exact values: it matches a scalar equal to any of them (see {@link ValueKey}).
 *
 * <p>Immutable, thread-safe.
 *
 * @param keys the {@link ValueKey}s of the listed values
 */
public record ExactValues(Set<String> keys) implements LeafMatcher {
    public ExactValues {
        keys = Set.copyOf(keys);
    }

    @Override
    public boolean matches(JsonNode scalar) {
        String key = ValueKey.of(scalar);
        return key != null && keys.contains(key);
    }
}
