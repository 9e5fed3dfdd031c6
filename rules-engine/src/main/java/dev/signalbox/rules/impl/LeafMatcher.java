package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The test one pattern leaf applies to one scalar of the event.
 *
 * <p>Implementations are immutable and thread-safe. Internal to the rules engine. This is the
 * seam for the rest of the EventBridge language: {@code prefix}, {@code numeric}, {@code
 * anything-but} and friends become further permitted types, each with its own index in {@link
 * IndexNode} (a sorted map for ranges, a trie for prefixes), so that the machine keeps looking up
 * conditions by the event's values instead of trying every rule.
 */
public sealed interface LeafMatcher permits ExactValues {
    /** Whether the scalar (never an array or object) satisfies this leaf. */
    boolean matches(JsonNode scalar);
}
