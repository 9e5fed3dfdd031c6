package dev.signalbox.rules.impl;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shared array per distinct list of field names, as {@link String#intern} is for strings.
 *
 * <p>Thread-safe (one lock, taken only when a pattern is compiled); arrays are held weakly, so a
 * list no live conjunction uses is dropped. Why: confirming a woken conjunction reads its field
 * names, and rules of a bus mostly come in a few shapes. With one array per shape those arrays
 * stay in cache; with one per conjunction each is a cache miss in a machine of 100,000 rules (and
 * 100,000 arrays of heap).
 */
final class FieldNameLists {
    private static final Map<List<String>, Shared> POOL = new HashMap<>();
    private static final ReferenceQueue<String[]> DROPPED = new ReferenceQueue<>();

    private FieldNameLists() {}

    /** The shared array equal to {@code names}, which the caller must not change afterwards. */
    static synchronized String[] intern(String[] names) {
        for (Object gone = DROPPED.poll(); gone != null; gone = DROPPED.poll()) {
            Shared shared = (Shared) gone;
            POOL.remove(shared.key, shared);
        }
        List<String> key = List.of(names);
        Shared known = POOL.get(key);
        String[] array = known == null ? null : known.get();
        if (array != null) {
            return array;
        }
        String[] copy = Arrays.copyOf(names, names.length);
        POOL.put(key, new Shared(key, copy));
        return copy;
    }

    /** A pooled array, remembering its key so that it can leave the pool once collected. */
    private static final class Shared extends WeakReference<String[]> {
        final List<String> key;

        Shared(List<String> key, String[] array) {
            super(array, DROPPED);
            this.key = key;
        }
    }
}
