package dev.signalbox.rules.impl;

import java.util.function.Consumer;

/**
 * The conjunctions filed under one {@link Slot} of one field: those an event value reaching the
 * slot wakes.
 *
 * <p>Immutable, thread-safe. Small sets are plain arrays (copied on change, fast to walk); past
 * {@value #ARRAY_LIMIT} entries they become a {@link PersistentMap} so that a change stays
 * O(log n).
 */
final class Postings {
    static final Postings NONE = new Postings(new SubRuleEntry[0], null);
    private static final int ARRAY_LIMIT = 16;

    private final SubRuleEntry[] small;
    private final PersistentMap<SubRuleEntry, SubRuleEntry> large;

    private Postings(SubRuleEntry[] small, PersistentMap<SubRuleEntry, SubRuleEntry> large) {
        this.small = small;
        this.large = large;
    }

    int size() {
        return large != null ? large.size() : small.length;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    Postings filed(SubRuleEntry entry) {
        if (large != null) {
            return new Postings(null, large.with(entry, entry));
        }
        if (small.length < ARRAY_LIMIT) {
            SubRuleEntry[] grown = java.util.Arrays.copyOf(small, small.length + 1);
            grown[small.length] = entry;
            return new Postings(grown, null);
        }
        PersistentMap<SubRuleEntry, SubRuleEntry> map = PersistentMap.empty();
        for (SubRuleEntry e : small) {
            map = map.with(e, e);
        }
        return new Postings(null, map.with(entry, entry));
    }

    Postings unfiled(SubRuleEntry entry) {
        if (large != null) {
            return new Postings(null, large.without(entry));
        }
        for (int i = 0; i < small.length; i++) {
            if (small[i] == entry) {
                SubRuleEntry[] shrunk = new SubRuleEntry[small.length - 1];
                System.arraycopy(small, 0, shrunk, 0, i);
                System.arraycopy(small, i + 1, shrunk, i, shrunk.length - i);
                return new Postings(shrunk, null);
            }
        }
        return this;
    }

    void forEach(Consumer<SubRuleEntry> action) {
        if (large != null) {
            large.forEach((entry, same) -> action.accept(entry));
        } else {
            for (SubRuleEntry entry : small) {
                action.accept(entry);
            }
        }
    }
}
