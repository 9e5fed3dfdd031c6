package dev.signalbox.rules.impl;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * An immutable hash map whose updates return a new map sharing all but O(log32 n) nodes with the
 * old one: a hash array mapped trie (Bagwell's HAMT), in its plainest form.
 *
 * <p>Immutable and thread-safe. It exists so that {@link MatchIndex} snapshots are cheap to
 * derive: copying a {@code HashMap} of every rule, or of every value a field is matched against,
 * on each rule change would make loading n rules cost O(n²). Keys use {@code equals} and {@code
 * hashCode}; nulls are not allowed.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class PersistentMap<K, V> {
    private static final int BITS = 5;
    private static final int MASK = (1 << BITS) - 1;
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(new Branch(0, new Object[0]), 0);

    /** Keys whose full hash codes are equal, kept together; almost always exactly one. */
    private record Leaf(int hash, Object[] keys, Object[] values) {}

    /** A trie node: a bitmap of the used 32 slots and, in slot order, a Leaf or Branch for each. */
    private record Branch(int bitmap, Object[] slots) {}

    private final Branch root;
    private final int size;

    private PersistentMap(Branch root, int size) {
        this.root = root;
        this.size = size;
    }

    /** The empty map. */
    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The value of the key, or {@code null}. */
    @SuppressWarnings("unchecked")
    public V get(K key) {
        int hash = spread(key.hashCode());
        Branch node = root;
        for (int shift = 0; ; shift += BITS) {
            int bit = 1 << ((hash >>> shift) & MASK);
            if ((node.bitmap & bit) == 0) {
                return null;
            }
            Object slot = node.slots[Integer.bitCount(node.bitmap & (bit - 1))];
            if (slot instanceof Branch branch) {
                node = branch;
            } else {
                Leaf leaf = (Leaf) slot;
                int i = leaf.hash == hash ? indexOf(leaf.keys, key) : -1;
                return i < 0 ? null : (V) leaf.values[i];
            }
        }
    }

    /** A map with the key bound to the value. */
    public PersistentMap<K, V> with(K key, V value) {
        Objects.requireNonNull(value, "value");
        int grown = get(key) == null ? size + 1 : size;
        return new PersistentMap<>(put(root, 0, spread(key.hashCode()), key, value), grown);
    }

    /** A map without the key; this map when the key is absent. */
    public PersistentMap<K, V> without(K key) {
        if (get(key) == null) {
            return this;
        }
        Branch smaller = remove(root, 0, spread(key.hashCode()), key);
        return new PersistentMap<>(smaller == null ? new Branch(0, new Object[0]) : smaller, size - 1);
    }

    /** Calls the action for every entry, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super K, ? super V> action) {
        forEach(root, (BiConsumer<Object, Object>) action);
    }

    private static void forEach(Branch node, BiConsumer<Object, Object> action) {
        for (Object slot : node.slots) {
            if (slot instanceof Branch branch) {
                forEach(branch, action);
            } else {
                Leaf leaf = (Leaf) slot;
                for (int i = 0; i < leaf.keys.length; i++) {
                    action.accept(leaf.keys[i], leaf.values[i]);
                }
            }
        }
    }

    private static Branch put(Branch node, int shift, int hash, Object key, Object value) {
        int bit = 1 << ((hash >>> shift) & MASK);
        int pos = Integer.bitCount(node.bitmap & (bit - 1));
        if ((node.bitmap & bit) == 0) {
            Object[] slots = new Object[node.slots.length + 1];
            System.arraycopy(node.slots, 0, slots, 0, pos);
            slots[pos] = new Leaf(hash, new Object[] {key}, new Object[] {value});
            System.arraycopy(node.slots, pos, slots, pos + 1, node.slots.length - pos);
            return new Branch(node.bitmap | bit, slots);
        }
        Object slot = node.slots[pos];
        Object replacement;
        if (slot instanceof Branch branch) {
            replacement = put(branch, shift + BITS, hash, key, value);
        } else if (((Leaf) slot).hash == hash) {
            replacement = withKey((Leaf) slot, key, value);
        } else {
            Leaf fresh = new Leaf(hash, new Object[] {key}, new Object[] {value});
            replacement = split((Leaf) slot, fresh, shift + BITS);
        }
        Object[] slots = node.slots.clone();
        slots[pos] = replacement;
        return new Branch(node.bitmap, slots);
    }

    // Two leaves with different hashes that share a slot: push both down until their hash bits
    // differ (at most 32 bits, so this ends).
    private static Branch split(Leaf a, Leaf b, int shift) {
        int ia = (a.hash >>> shift) & MASK;
        int ib = (b.hash >>> shift) & MASK;
        if (ia == ib) {
            return new Branch(1 << ia, new Object[] {split(a, b, shift + BITS)});
        }
        Object[] slots = ia < ib ? new Object[] {a, b} : new Object[] {b, a};
        return new Branch((1 << ia) | (1 << ib), slots);
    }

    private static Leaf withKey(Leaf leaf, Object key, Object value) {
        int i = indexOf(leaf.keys, key);
        if (i >= 0) {
            Object[] values = leaf.values.clone();
            values[i] = value;
            return new Leaf(leaf.hash, leaf.keys, values);
        }
        Object[] keys = Arrays.copyOf(leaf.keys, leaf.keys.length + 1);
        Object[] values = Arrays.copyOf(leaf.values, leaf.values.length + 1);
        keys[keys.length - 1] = key;
        values[values.length - 1] = value;
        return new Leaf(leaf.hash, keys, values);
    }

    /** The node without the (present) key, or {@code null} when it would be empty. */
    private static Branch remove(Branch node, int shift, int hash, Object key) {
        int bit = 1 << ((hash >>> shift) & MASK);
        int pos = Integer.bitCount(node.bitmap & (bit - 1));
        Object slot = node.slots[pos];
        Object replacement;
        if (slot instanceof Branch branch) {
            replacement = remove(branch, shift + BITS, hash, key);
        } else {
            Leaf leaf = (Leaf) slot;
            int i = indexOf(leaf.keys, key);
            replacement = leaf.keys.length == 1 ? null : new Leaf(hash, drop(leaf.keys, i), drop(leaf.values, i));
        }
        if (replacement != null) {
            Object[] slots = node.slots.clone();
            slots[pos] = replacement;
            return new Branch(node.bitmap, slots);
        }
        if (node.slots.length == 1) {
            return null;
        }
        return new Branch(node.bitmap & ~bit, drop(node.slots, pos));
    }

    private static Object[] drop(Object[] array, int index) {
        Object[] out = new Object[array.length - 1];
        System.arraycopy(array, 0, out, 0, index);
        System.arraycopy(array, index + 1, out, index, out.length - index);
        return out;
    }

    private static int indexOf(Object[] keys, Object key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    // Mixes high bits into low ones: the trie consumes hash bits from the bottom, and String
    // hash codes of similar keys differ mostly in their low bits anyway, but identity hashes and
    // small integers deserve the same spread.
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
