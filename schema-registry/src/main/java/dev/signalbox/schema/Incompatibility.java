package dev.signalbox.schema;

import java.util.Objects;

/**
 * One reason a schema cannot replace another under a compatibility mode.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pointer a JSON Pointer to the place in the schema where the two disagree
 * @param message what changed and why data would no longer be read
 * @param version the earlier version this conflicts with (0 when not about a stored version)
 */
public record Incompatibility(String pointer, String message, int version) {
    public Incompatibility {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }
}
