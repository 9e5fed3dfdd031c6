package dev.signalbox.rules.transform;

import com.fasterxml.jackson.core.StreamWriteConstraints;

/**
 * A transform's output would nest objects and arrays deeper than one JSON document may be
 * written ({@value #MAX_DEPTH} levels): binary-mode data may nest that deep itself, and an output
 * that wraps it nests more. Immutable.
 */
public final class OutputTooDeep extends Exception {
    /** The deepest nesting of objects and arrays Jackson writes in one document (its default). */
    public static final int MAX_DEPTH = StreamWriteConstraints.DEFAULT_MAX_DEPTH;

    private static final long serialVersionUID = 1L;

    public OutputTooDeep(String message) {
        super(message, null, false, false);
    }
}
