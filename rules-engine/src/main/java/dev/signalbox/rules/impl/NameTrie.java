package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * The field names rules test, as a trie of dot-separated segments, so that reading an event
 * visits only what some rule names and never builds a path string.
 *
 * <p>Immutable and thread-safe; {@link #with} and {@link #without} return new tries that share
 * untouched nodes (reference counted, since many rules test the same field). event-ruler joins
 * path steps with dots, so the event key {@code "a.b"} and the nested keys {@code a}, {@code b}
 * both reach the field {@code a.b}; splitting event keys on dots here gives the same answer.
 *
 * @param children the next segments
 * @param name the dotted field name ending here, or {@code null}
 * @param uses how many rule fields end here
 */
public record NameTrie(PersistentMap<String, NameTrie> children, String name, int uses) {
    public static final NameTrie EMPTY = new NameTrie(PersistentMap.empty(), null, 0);

    /** The node an event key leads to from here, or {@code null}. */
    public NameTrie child(String key) {
        if (key.indexOf('.') < 0) {
            return children.get(key);
        }
        NameTrie node = this;
        for (String segment : segments(key)) {
            node = node.children.get(segment);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    public boolean isEmpty() {
        return children.isEmpty() && uses == 0;
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
            int uses = this.uses + delta;
            return new NameTrie(children, uses == 0 ? null : field, uses);
        }
        String segment = segments.get(depth);
        NameTrie child = children.get(segment);
        NameTrie changed = (child == null ? EMPTY : child).change(segments, depth + 1, field, delta);
        PersistentMap<String, NameTrie> next =
                changed.isEmpty() ? children.without(segment) : children.with(segment, changed);
        return new NameTrie(next, name, uses);
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
}
