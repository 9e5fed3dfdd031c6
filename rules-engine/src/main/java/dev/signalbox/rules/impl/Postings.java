package dev.signalbox.rules.impl;

import java.util.function.Consumer;

/**
 * The conjunctions filed under one {@link Slot} of one field: those an event value reaching the
 * slot wakes.
 *
 * <p>Immutable, thread-safe. One or two entries (most exact values and ranges in a large machine)
 * sit in the object itself, so waking them reads no array; up to {@value #ARRAY_LIMIT} entries
 * are a plain array (copied on change, fast to walk); past that a {@link PersistentMap}, so that
 * a change stays O(log n).
 */
final class Postings {
    static final Postings NONE = new Postings(null, null, null, null);
    private static final int ARRAY_LIMIT = 16;
    private static final SubRuleEntry[] NO_ENTRIES = new SubRuleEntry[0];

    private final SubRuleEntry first;
    private final SubRuleEntry second;
    private final SubRuleEntry[] small;
    private final PersistentMap<SubRuleEntry, SubRuleEntry> large;

    private Postings(
            SubRuleEntry first,
            SubRuleEntry second,
            SubRuleEntry[] small,
            PersistentMap<SubRuleEntry, SubRuleEntry> large) {
        this.first = first;
        this.second = second;
        this.small = small;
        this.large = large;
    }

    private static Postings of(SubRuleEntry[] entries) {
        return switch (entries.length) {
            case 0 -> NONE;
            case 1 -> new Postings(entries[0], null, null, null);
            case 2 -> new Postings(entries[0], entries[1], null, null);
            default -> new Postings(null, null, entries, null);
        };
    }

    int size() {
        if (large != null) {
            return large.size();
        }
        if (small != null) {
            return small.length;
        }
        return first == null ? 0 : second == null ? 1 : 2;
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** The entries while there are at most {@value #ARRAY_LIMIT}, as a new array. */
    private SubRuleEntry[] few() {
        if (small != null) {
            return small.clone();
        }
        if (first == null) {
            return NO_ENTRIES;
        }
        return second == null ? new SubRuleEntry[] {first} : new SubRuleEntry[] {first, second};
    }

    Postings filed(SubRuleEntry entry) {
        if (large != null) {
            return new Postings(null, null, null, large.with(entry, entry));
        }
        SubRuleEntry[] entries = few();
        if (entries.length < ARRAY_LIMIT) {
            SubRuleEntry[] grown = java.util.Arrays.copyOf(entries, entries.length + 1);
            grown[entries.length] = entry;
            return of(grown);
        }
        PersistentMap<SubRuleEntry, SubRuleEntry> map = PersistentMap.empty();
        for (SubRuleEntry e : entries) {
            map = map.with(e, e);
        }
        return new Postings(null, null, null, map.with(entry, entry));
    }

    Postings unfiled(SubRuleEntry entry) {
        if (large != null) {
            return new Postings(null, null, null, large.without(entry));
        }
        SubRuleEntry[] entries = few();
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == entry) {
                SubRuleEntry[] shrunk = new SubRuleEntry[entries.length - 1];
                System.arraycopy(entries, 0, shrunk, 0, i);
                System.arraycopy(entries, i + 1, shrunk, i, shrunk.length - i);
                return of(shrunk);
            }
        }
        return this;
    }

    void forEach(Consumer<SubRuleEntry> action) {
        if (first != null) {
            action.accept(first);
            if (second != null) {
                action.accept(second);
            }
        } else if (small != null) {
            for (SubRuleEntry entry : small) {
                action.accept(entry);
            }
        } else if (large != null) {
            large.forEach((entry, same) -> action.accept(entry));
        }
    }
}
