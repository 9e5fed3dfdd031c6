package dev.signalbox.schema;

import java.util.Arrays;
import java.util.Optional;

/**
 * A schema's compatibility mode, with the meaning Confluent Schema Registry gives it: BACKWARD
 * means a consumer using the new schema can read data written with the old one, FORWARD that a
 * consumer still on the old schema can read data written with the new one, FULL both. The plain
 * modes compare with the latest version only; the {@code _TRANSITIVE} forms with every earlier
 * version.
 *
 * <p>Threading: an enum, safe to share.
 */
public enum Compatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean isBackward;
    private final boolean isForward;
    private final boolean isTransitive;

    Compatibility(boolean isBackward, boolean isForward, boolean isTransitive) {
        this.isBackward = isBackward;
        this.isForward = isForward;
        this.isTransitive = isTransitive;
    }

    /** Whether the new schema must read data written with earlier ones. */
    public boolean isBackward() {
        return isBackward;
    }

    /** Whether earlier schemas must read data written with the new one. */
    public boolean isForward() {
        return isForward;
    }

    /** Whether every earlier version counts, not only the latest. */
    public boolean isTransitive() {
        return isTransitive;
    }

    /** The mode named exactly (upper case), or empty. */
    public static Optional<Compatibility> named(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
    }
}
