package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The field names rules test, as a trie of dot-separated segments, so that reading an event
 * visits only what some rule names and never builds a path string.
 *
 * <p>Immutable and thread-safe; {@link #with} and {@link #without} return new tries that share
 * untouched nodes (reference counted, since many rules test the same field). A node's children
 * are a plain hash map, copied on change, while there are at most {@value #SMALL} of them (the
 * usual case, and the fastest to read on every event); beyond that a {@link PersistentMap}, so
 * that a bus whose rules name very many fields still adds a rule in O(log n). event-ruler joins
 * path steps with dots, so the event key {@code "a.b"} and the nested keys {@code a}, {@code b}
 * both reach the field {@code a.b}; splitting event keys on dots here gives the same answer.
 */
public final class NameTrie {
    public static final NameTrie EMPTY = new NameTrie(Map.of(), null, null, 0);
    private static final int SMALL = 64;

    private final Map<String, NameTrie> small;
    private final PersistentMap<String, NameTrie> large;
    private final String name;
    private final int uses;

    private NameTrie(Map<String, NameTrie> small, PersistentMap<String, NameTrie> large, String name, int uses) {
        this.small = small;
        this.large = large;
        this.name = name;
        this.uses = uses;
    }

    /** The dotted field name ending here, or {@code null}. */
    public String name() {
        return name;
    }

    /** The node an event key leads to from here, or {@code null}. */
    public NameTrie child(String key) {
        if (key.indexOf('.') < 0) {
            return get(key);
        }
        NameTrie node = this;
        for (String segment : segments(key)) {
            node = node.get(segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private NameTrie get(String segment) {
        return large != null ? large.get(segment) : small.get(segment);
    }

    private int childCount() {
        return large != null ? large.size() : small.size();
    }

    public boolean isEmpty() {
        return childCount() == 0 && uses == 0;
    }

    /** This trie with one more use of the field name. */
    public NameTrie with(String field) {
        return change(segments(field), 0, field, 1);
    }

    /** This trie with one use less of the field name (which must be present). */
    public NameTrie without(String field) {
        return change(segments(field), 0, field, -1);
    }

    private NameTrie change(List<String> segments, int depth, String field, int delta) {
        if (depth == segments.size()) {
            int now = uses + delta;
            return new NameTrie(small, large, now == 0 ? null : field.intern(), now);
        }
        String segment = canonical(segments.get(depth));
        NameTrie child = get(segment);
        NameTrie changed = (child == null ? EMPTY : child).change(segments, depth + 1, field, delta);
        return withChild(segment, changed.isEmpty() ? null : changed);
    }

    private NameTrie withChild(String segment, NameTrie child) {
        if (large != null) {
            PersistentMap<String, NameTrie> next = child == null ? large.without(segment) : large.with(segment, child);
            return new NameTrie(null, next, name, uses);
        }
        Map<String, NameTrie> next = new HashMap<>(small);
        if (child == null) {
            next.remove(segment);
        } else {
            next.put(segment, child);
        }
        if (next.size() <= SMALL) {
            return new NameTrie(next, null, name, uses);
        }
        PersistentMap<String, NameTrie> grown = PersistentMap.empty();
        for (Map.Entry<String, NameTrie> e : next.entrySet()) {
            grown = grown.with(e.getKey(), e.getValue());
        }
        return new NameTrie(null, grown, name, uses);
    }

    // Splits on every dot and keeps empty segments ("a..b" has three), unlike String.split.
    static List<String> segments(String name) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', start)) {
            out.add(name.substring(start, dot));
            start = dot + 1;
        }
        out.add(name.substring(start));
        return out;
    }

    // Segments stored as keys are interned: Jackson interns the field names it reads, so a lookup
    // by an event's key then compares by identity instead of by text.
    private static String canonical(String segment) {
        return segment.intern();
    }
}
