package dev.signalbox.rules.impl;

import java.util.function.Consumer;

/**
 * What the index knows about one {@link Slot} of one field: the conjunctions filed there (those
 * it wakes), and how many conjunctions test that slot at all.
 *
 * <p>Immutable, thread-safe. The popularity is what makes filing selective: a value that every
 * rule tests ({@code "source": ["orders"]}) is a poor door to file a conjunction behind, since
 * every event carrying it would wake them all. Small sets are plain arrays (copied on change,
 * fast to walk); past {@value #ARRAY_LIMIT} entries they become a {@link PersistentMap} so that
 * a change stays O(log n).
 */
final class Postings {
    static final Postings NONE = new Postings(new SubRuleEntry[0], null, 0);
    private static final int ARRAY_LIMIT = 16;

    private final SubRuleEntry[] small;
    private final PersistentMap<SubRuleEntry, SubRuleEntry> large;
    final int popularity;

    private Postings(SubRuleEntry[] small, PersistentMap<SubRuleEntry, SubRuleEntry> large, int popularity) {
        this.small = small;
        this.large = large;
        this.popularity = popularity;
    }

    Postings counted(int delta) {
        return new Postings(small, large, popularity + delta);
    }

    int size() {
        return large != null ? large.size() : small.length;
    }

    boolean isEmpty() {
        return popularity == 0 && size() == 0;
    }

    Postings filed(SubRuleEntry entry) {
        if (large != null) {
            return new Postings(null, large.with(entry, entry), popularity);
        }
        if (small.length < ARRAY_LIMIT) {
            SubRuleEntry[] grown = java.util.Arrays.copyOf(small, small.length + 1);
            grown[small.length] = entry;
            return new Postings(grown, null, popularity);
        }
        PersistentMap<SubRuleEntry, SubRuleEntry> map = PersistentMap.empty();
        for (SubRuleEntry e : small) {
            map = map.with(e, e);
        }
        return new Postings(null, map.with(entry, entry), popularity);
    }

    Postings unfiled(SubRuleEntry entry) {
        if (large != null) {
            return new Postings(null, large.without(entry), popularity);
        }
        for (int i = 0; i < small.length; i++) {
            if (small[i] == entry) {
                SubRuleEntry[] shrunk = new SubRuleEntry[small.length - 1];
                System.arraycopy(small, 0, shrunk, 0, i);
                System.arraycopy(small, i + 1, shrunk, i, shrunk.length - i);
                return new Postings(shrunk, null, popularity);
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
