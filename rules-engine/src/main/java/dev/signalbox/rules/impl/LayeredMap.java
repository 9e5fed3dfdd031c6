package dev.signalbox.rules.impl;

/**
 * An immutable map from keys to {@link Postings} in two layers: a frozen open-addressing table
 * holding most entries, and a small {@link PersistentMap} of the changes since it was frozen.
 * When the changes outgrow a fraction of the table, both are merged into a new frozen table.
 *
 * <p>Immutable, thread-safe. Why two layers: matching a value costs what the lookup touches, and
 * in a machine of 100,000 rules nothing it touches is in cache. A hash array mapped trie of 40,000
 * keys costs about nine dependent memory loads per lookup (three levels of node and slot array,
 * then leaf, key and value); the frozen table costs one for a key it lacks (a slot of the hash
 * array) and three or four for a key it holds. Changes stay O(log n) persistent updates of the
 * small layer, and each merge copies the table, so a change costs O(1 + size / {@value
 * #MERGE_FRACTION}) amortised: microseconds, against milliseconds for event-ruler.
 *
 * @param <K> the key type (equals and hashCode)
 */
final class LayeredMap<K> {
    private static final int MERGE_FRACTION = 256;
    private static final int MERGE_AT_LEAST = 64;
    private static final int FILTER_BITS = 4096;
    private static final long[] NO_BITS = new long[FILTER_BITS / 64];
    private static final LayeredMap<?> EMPTY = new LayeredMap<>(Frozen.EMPTY, PersistentMap.empty(), NO_BITS, 0);

    private final Frozen base;
    private final PersistentMap<K, Postings> changes; // Postings.NONE marks a removal
    // One bit per hash of a changed key: most lookups learn from one hot word that the small
    // layer does not hold their key, and go straight to the frozen table.
    private final long[] changed;
    private final int size;

    private LayeredMap(Frozen base, PersistentMap<K, Postings> changes, long[] changed, int size) {
        this.base = base;
        this.changes = changes;
        this.changed = changed;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K> LayeredMap<K> empty() {
        return (LayeredMap<K>) EMPTY;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The postings of the key, or {@code null}. */
    Postings get(K key) {
        int hash = Frozen.hash(key);
        Postings change = change(key, hash);
        return change == null ? base.get(key, hash) : change == Postings.NONE ? null : change;
    }

    /**
     * What a matcher wakes for the key: its postings, or {@code null}, or, rarely, the postings of
     * another key of the same hash. The frozen table compares only hashes unless the postings hold
     * an entry that waking alone proves ({@link Postings#proves}) or two of its keys share a hash:
     * every other woken entry is confirmed against the event anyway, and the key's text is one or
     * two cache misses (the string and its bytes) per hit in a large machine.
     */
    Postings candidates(K key) {
        int hash = Frozen.hash(key);
        Postings change = change(key, hash);
        return change == null ? base.candidates(key, hash) : change == Postings.NONE ? null : change;
    }

    /**
     * False when no key of this {@code hashCode} is in the map; true when one may be. Lets a caller
     * skip building a key (an affix's substring) that the map cannot hold.
     */
    boolean mayHold(int keyHashCode) {
        int hash = Frozen.spread(keyHashCode);
        int bit = hash & (FILTER_BITS - 1);
        return (changed[bit >>> 6] & (1L << bit)) != 0 || base.mayHold(hash);
    }

    /**
     * The key's change since the base was frozen: its new postings, {@link Postings#NONE} when it
     * was removed, or {@code null} when it is unchanged (the filter bit keeps most lookups off the
     * change map).
     */
    private Postings change(K key, int hash) {
        int bit = hash & (FILTER_BITS - 1);
        return (changed[bit >>> 6] & (1L << bit)) != 0 ? changes.get(key) : null;
    }

    /**
     * Reads the frozen table's hash slot for a key of this {@code hashCode} and the value cell
     * beside it (a key usually sits in its first slot), keeping the cell for the next wave. A
     * matcher calls this for every value it is about to look up before it looks any up: the slots
     * are cache misses in a large machine, and loads that do not depend on one another overlap. A
     * key the table's filter rules out costs neither.
     */
    void touch(int keyHashCode, Touches touches) {
        int hash = Frozen.spread(keyHashCode);
        if (!base.mayHold(hash)) {
            return;
        }
        touches.slot(base.hashes, base.entries, hash & (base.hashes.length - 1));
    }

    /** Where in a frozen table's entries the cell of a slot starts: its postings, then two hints. */
    static int cell(int slot) {
        return Frozen.STRIDE * slot + 1;
    }

    /** This map with the key bound to the postings, or without the key when they are empty. */
    LayeredMap<K> with(K key, Postings postings) {
        boolean had = get(key) != null;
        boolean has = !postings.isEmpty();
        if (!had && !has) {
            return this;
        }
        int grown = size + (has ? 1 : 0) - (had ? 1 : 0);
        int hash = Frozen.hash(key);
        Postings stored = has ? postings : Postings.NONE;
        PersistentMap<K, Postings> next = base.get(key, hash) == null && !has
                ? changes.without(key) // never frozen: nothing to mask
                : changes.with(key, stored);
        if (next.size() > MERGE_AT_LEAST + base.count / MERGE_FRACTION) {
            return new LayeredMap<>(base.merge(next), PersistentMap.empty(), NO_BITS, grown);
        }
        long[] bits = changed.clone();
        int bit = hash & (FILTER_BITS - 1);
        bits[bit >>> 6] |= 1L << bit;
        return new LayeredMap<>(base, next, bits, grown);
    }

    /**
     * An open-addressing table with linear probing. Hashes are kept apart so that a miss touches
     * one array; each key sits beside its postings, so that a hit reads one more cache line for
     * both (and, when the key must be compared, its text). Keys whose hash another key of the
     * table shares have their postings wrapped in a {@link Shared}, which tells {@link
     * #candidates} to compare them.
     *
     * <p>Beside each postings sit two references a matcher reads next ({@link #hints}): the code
     * of a conjunction filed alone, or both conjunctions of a pair. Why: a hit's postings were one
     * cold object, its conjunction another and that conjunction's code a third, each load waiting
     * for the one before; with the hints in the cell's cache line, the matcher's read-ahead
     * ({@link Touches}) issues the loads of the object and of what it refers to at once.
     *
     * <pre>
     * entries[4i]      key
     * entries[4i + 1]  its Postings (or a Shared wrapping them)
     * entries[4i + 2]  hint: the code (long[]) of a lone conjunction, or a pair's first conjunction
     * entries[4i + 3]  hint: a pair's second conjunction, or null
     * </pre>
     */
    private static final class Frozen {
        static final int STRIDE = 4;
        static final Frozen EMPTY = new Frozen(new int[1], new Object[STRIDE], 0);
        private static final int FILTER_BITS_PER_KEY = 8;

        final int[] hashes; // 0 marks an empty slot; stored hashes are never 0
        final Object[] entries; // key at 4i, its Postings at 4i + 1, hints at 4i + 2 and 4i + 3
        final int count;
        // One bit per key, set at a place its hash picks (other bits than the slot's): a key whose
        // bit is clear is not in the table. At eight bits per key the filter rules out nine keys
        // of ten that the table lacks, and it is a tenth of the size of the hash array, so it stays
        // in cache where the hash array does not. Most values an event carries have no rule (and
        // an affix table is asked for every length in use), so most lookups end here.
        private final long[] filter;
        private final int filterShift;

        Frozen(int[] hashes, Object[] entries, int count) {
            this.hashes = hashes;
            this.entries = entries;
            this.count = count;
            int bits = Integer.highestOneBit(Math.max(64, count * FILTER_BITS_PER_KEY - 1)) << 1;
            filter = new long[bits / 64];
            filterShift = 32 - Integer.numberOfTrailingZeros(bits);
            for (int h : hashes) {
                if (h != 0) {
                    int bit = filterBit(h);
                    filter[bit >>> 6] |= 1L << bit;
                }
            }
        }

        private int filterBit(int hash) {
            return (hash * 0x9E3779B9) >>> filterShift;
        }

        /** False when no key of this hash is in the table (see {@link #filter}). */
        boolean mayHold(int hash) {
            int bit = filterBit(hash);
            return (filter[bit >>> 6] & (1L << bit)) != 0;
        }

        static int hash(Object key) {
            return spread(key.hashCode());
        }

        static int spread(int h) {
            h ^= h >>> 16;
            h *= 0x85EBCA6B;
            h ^= h >>> 13;
            return h == 0 ? 1 : h;
        }

        Postings get(Object key, int hash) {
            int mask = hashes.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                int h = hashes[i];
                if (h == 0) {
                    return null;
                }
                if (h == hash && entries[STRIDE * i].equals(key)) {
                    return postings(entries[STRIDE * i + 1]);
                }
            }
        }

        Postings candidates(Object key, int hash) {
            if (!mayHold(hash)) {
                return null;
            }
            int mask = hashes.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                int h = hashes[i];
                if (h == 0) {
                    return null;
                }
                if (h == hash) {
                    Object value = entries[STRIDE * i + 1];
                    if (value instanceof Postings postings && !postings.proves()) {
                        return postings; // no other key of this hash: nothing to compare
                    }
                    if (entries[STRIDE * i].equals(key)) {
                        return postings(value);
                    }
                }
            }
        }

        private static Postings postings(Object value) {
            return value instanceof Shared shared ? shared.postings : (Postings) value;
        }

        /** A new table with the changes applied. */
        <K> Frozen merge(PersistentMap<K, Postings> changes) {
            java.util.HashMap<Object, Postings> changed = new java.util.HashMap<>(changes.size() * 2);
            changes.forEach(changed::put);
            int capacity = Integer.highestOneBit(Math.max(4, (count + changed.size()) * 2 - 1)) << 1;
            int[] h = new int[capacity];
            Object[] e = new Object[STRIDE * capacity];
            int n = 0;
            for (int i = 0; i < hashes.length; i++) {
                if (hashes[i] != 0 && !changed.containsKey(entries[STRIDE * i])) {
                    n += put(h, e, hashes[i], entries[STRIDE * i], postings(entries[STRIDE * i + 1]));
                }
            }
            for (java.util.Map.Entry<Object, Postings> c : changed.entrySet()) {
                if (c.getValue() != Postings.NONE) {
                    n += put(h, e, hash(c.getKey()), c.getKey(), c.getValue());
                }
            }
            markShared(h, e);
            return new Frozen(h, e, n);
        }

        // Wraps the postings of every key whose hash another key shares. Keys of one hash sit in
        // one run of occupied slots (linear probing), and runs are short at half load.
        private static void markShared(int[] h, Object[] e) {
            int mask = h.length - 1;
            for (int i = 0; i < h.length; i++) {
                if (h[i] == 0) {
                    continue;
                }
                for (int j = (i + 1) & mask; h[j] != 0 && j != i; j = (j + 1) & mask) {
                    if (h[j] == h[i]) {
                        e[STRIDE * i + 1] = shared(e[STRIDE * i + 1]);
                        e[STRIDE * j + 1] = shared(e[STRIDE * j + 1]);
                    }
                }
            }
        }

        private static Shared shared(Object value) {
            return value instanceof Shared shared ? shared : new Shared((Postings) value);
        }

        private static int put(int[] h, Object[] e, int hash, Object key, Postings postings) {
            int mask = h.length - 1;
            int i = hash & mask;
            while (h[i] != 0) {
                i = (i + 1) & mask;
            }
            h[i] = hash;
            e[STRIDE * i] = key;
            e[STRIDE * i + 1] = postings;
            hints(postings, e, STRIDE * i + 2);
            return 1;
        }

        /** What a matcher reads after the postings (see the class comment); none for longer postings. */
        private static void hints(Postings postings, Object[] e, int at) {
            if (postings instanceof SubRuleEntry entry) {
                e[at] = entry.code;
            } else if (postings instanceof Postings.Pair pair) {
                e[at] = pair.first();
                e[at + 1] = pair.second();
            }
        }
    }

    /** Postings of a key whose hash another key of the same frozen table shares. */
    private record Shared(Postings postings) {}
}
