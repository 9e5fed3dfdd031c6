package dev.signalbox.core;

import java.util.Objects;

/**
 * One thing wrong with a document a client sent.
 *
 * <p>Immutable and thread-safe. The gateway turns a list of these into the {@code errors[]} of a
 * problem response, so a client can point at the offending field.
 *
 * @param pointer an RFC 6901 JSON Pointer into the document ({@code ""} for the whole document)
 * @param message a sentence saying what is wrong there
 */
public record Violation(String pointer, String message) {
    public Violation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The JSON Pointer of one member of the document root ({@code "/" + name}, with {@code ~} and
     * {@code /} escaped as RFC 6901 requires).
     */
    public static String pointerTo(String memberName) {
        return "/" + escape(memberName);
    }

    /** Escapes one reference token of a JSON Pointer (RFC 6901 section 3). */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
