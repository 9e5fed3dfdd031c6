package dev.signalbox.rules.impl;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One node of the machine's field trie: the event field names under it and, for the rule leaves
 * that end here, the {@link Postings} of each canonical value ({@link ValueKey}).
 *
 * <p>Immutable and thread-safe. An update returns a new node built from {@link PersistentMap}s
 * that share everything off the changed path with the old node, so publishing a snapshot costs
 * O(path length x log n) and readers need no locks. Further operators (prefix, numeric ranges)
 * get their own structures beside {@code exact}.
 *
 * @param children the next field names
 * @param exact for exact-value leaves ending here: canonical value to its postings
 */
record IndexNode(PersistentMap<String, IndexNode> children, PersistentMap<String, Postings> exact) {

    static final IndexNode EMPTY = new IndexNode(PersistentMap.empty(), PersistentMap.empty());

    boolean isEmpty() {
        return children.isEmpty() && exact.isEmpty();
    }

    /** The postings of the value at the path below this node; {@link Postings#NONE} if none. */
    Postings postings(List<String> path, String key) {
        IndexNode node = this;
        for (String name : path) {
            node = node.children.get(name);
            if (node == null) {
                return Postings.NONE;
            }
        }
        Postings postings = node.exact.get(key);
        return postings == null ? Postings.NONE : postings;
    }

    /**
     * This node with the postings of the value at the path changed; empty postings and then empty
     * nodes are pruned. Returns {@link #EMPTY} when nothing is left.
     */
    IndexNode update(List<String> path, int depth, String key, UnaryOperator<Postings> change) {
        IndexNode result;
        if (depth == path.size()) {
            Postings old = exact.get(key);
            Postings changed = change.apply(old == null ? Postings.NONE : old);
            result = new IndexNode(children, changed.isEmpty() ? exact.without(key) : exact.with(key, changed));
        } else {
            String name = path.get(depth);
            IndexNode child = children.get(name);
            IndexNode changed = (child == null ? EMPTY : child).update(path, depth + 1, key, change);
            result = new IndexNode(changed.isEmpty() ? children.without(name) : children.with(name, changed), exact);
        }
        return result.isEmpty() ? EMPTY : result;
    }
}
