package dev.signalbox.storage.index;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory index from (topic, key) to the log offsets of the records appended with that key.
 * Rebuilt from the CommitLog scan at open and extended on each append; a persistent hash index
 * replaces it later. Memory grows with the number of distinct keys.
 *
 * <p>Threading: one writer (recovery, then the writer thread) calls {@link #add}; {@link #lookup}
 * is safe on any thread at the same time. Each key's offsets live in an array replaced on every
 * add, so a reader always sees a complete array.
 */
public final class KeyIndex {

    private static final long[] NONE = new long[0];

    private final Map<String, Map<String, long[]>> topics = new ConcurrentHashMap<>();

    /** Records that the topic's record at {@code logOffset} carries {@code keys}; a repeated key counts once. */
    public void add(String topic, List<String> keys, long logOffset) {
        if (keys.isEmpty()) {
            return;
        }
        Map<String, long[]> index = topics.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        for (String key : new LinkedHashSet<>(keys)) {
            index.merge(key, new long[] {logOffset}, KeyIndex::concat);
        }
    }

    private static long[] concat(long[] existing, long[] added) {
        long[] both = Arrays.copyOf(existing, existing.length + added.length);
        System.arraycopy(added, 0, both, existing.length, added.length);
        return both;
    }

    /** Log offsets of the topic's records with {@code key}, newest first; empty when none. */
    public long[] lookup(String topic, String key) {
        Map<String, long[]> keys = topics.get(topic);
        long[] offsets = keys == null ? null : keys.get(key);
        if (offsets == null) {
            return NONE;
        }
        long[] newestFirst = new long[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            newestFirst[i] = offsets[offsets.length - 1 - i];
        }
        return newestFirst;
    }
}
