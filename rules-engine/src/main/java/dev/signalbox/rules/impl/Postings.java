package dev.signalbox.rules.impl;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The conjunctions filed under one {@link Slot} of one field: those an event value reaching the
 * slot wakes.
 *
 * <p>Immutable, thread-safe. A conjunction filed alone (most exact values and ranges in a large
 * machine) is its own postings: the {@link SubRuleEntry} sits where the postings would, so that
 * waking it reads the entry and nothing in between. Two entries sit in one small object; up to
 * {@value #ARRAY_LIMIT} entries are a plain array (copied on change, fast to walk); past that a
 * {@link PersistentMap}, so that a change stays O(log n). Why: in a machine of 100,000 rules each
 * object between a hash slot and the woken conjunction is a cache miss.
 */
sealed interface Postings permits SubRuleEntry, Postings.Pair, Postings.Few, Postings.Many {
    Postings NONE = new Few(new SubRuleEntry[0], false);
    int ARRAY_LIMIT = 16;

    int size();

    default boolean isEmpty() {
        return size() == 0;
    }

    void forEach(Consumer<SubRuleEntry> action);

    /**
     * Whether some entry is proven by waking alone ({@link SubRuleEntry#proven}): a matcher that
     * found these postings by a key's hash must then compare the key itself. Postings without such
     * entries are safe to wake on a hash collision, since every entry woken is confirmed.
     */
    boolean proves();

    /** These postings with the entry added. */
    default Postings filed(SubRuleEntry entry) {
        if (this instanceof Many many) {
            return many.with(entry);
        }
        SubRuleEntry[] entries = entries(this);
        if (entries.length < ARRAY_LIMIT) {
            SubRuleEntry[] grown = Arrays.copyOf(entries, entries.length + 1);
            grown[entries.length] = entry;
            return of(grown);
        }
        Many many = Many.EMPTY;
        for (SubRuleEntry e : entries) {
            many = many.with(e);
        }
        return many.with(entry);
    }

    /** These postings without the entry (compared by identity). */
    default Postings unfiled(SubRuleEntry entry) {
        if (this instanceof Many many) {
            return many.without(entry);
        }
        SubRuleEntry[] entries = entries(this);
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

    private static Postings of(SubRuleEntry[] entries) {
        return switch (entries.length) {
            case 0 -> NONE;
            case 1 -> entries[0];
            case 2 -> new Pair(entries[0], entries[1]);
            default -> new Few(entries, anyProven(entries));
        };
    }

    private static SubRuleEntry[] entries(Postings postings) {
        if (postings instanceof SubRuleEntry entry) {
            return new SubRuleEntry[] {entry};
        }
        if (postings instanceof Pair pair) {
            return new SubRuleEntry[] {pair.first, pair.second};
        }
        return ((Few) postings).entries.clone();
    }

    private static boolean anyProven(SubRuleEntry[] entries) {
        for (SubRuleEntry entry : entries) {
            if (entry.proven) {
                return true;
            }
        }
        return false;
    }

    /** Two entries. */
    record Pair(SubRuleEntry first, SubRuleEntry second) implements Postings {
        @Override
        public int size() {
            return 2;
        }

        @Override
        public void forEach(Consumer<SubRuleEntry> action) {
            action.accept(first);
            action.accept(second);
        }

        @Override
        public boolean proves() {
            return first.proven || second.proven;
        }
    }

    /** None, or three to {@value #ARRAY_LIMIT} entries. */
    final class Few implements Postings {
        private final SubRuleEntry[] entries;
        private final boolean proves;

        private Few(SubRuleEntry[] entries, boolean proves) {
            this.entries = entries;
            this.proves = proves;
        }

        @Override
        public int size() {
            return entries.length;
        }

        @Override
        public void forEach(Consumer<SubRuleEntry> action) {
            for (SubRuleEntry entry : entries) {
                action.accept(entry);
            }
        }

        @Override
        public boolean proves() {
            return proves;
        }
    }

    /** More than {@value #ARRAY_LIMIT} entries, with a count of the proven ones. */
    final class Many implements Postings {
        private static final Many EMPTY = new Many(PersistentMap.empty(), 0);

        private final PersistentMap<SubRuleEntry, SubRuleEntry> entries;
        private final int proven;

        private Many(PersistentMap<SubRuleEntry, SubRuleEntry> entries, int proven) {
            this.entries = entries;
            this.proven = proven;
        }

        Many with(SubRuleEntry entry) {
            boolean had = entries.get(entry) != null;
            return new Many(entries.with(entry, entry), proven + (entry.proven && !had ? 1 : 0));
        }

        Postings without(SubRuleEntry entry) {
            if (entries.get(entry) == null) {
                return this;
            }
            return new Many(entries.without(entry), proven - (entry.proven ? 1 : 0));
        }

        @Override
        public int size() {
            return entries.size();
        }

        @Override
        public void forEach(Consumer<SubRuleEntry> action) {
            entries.forEach((entry, same) -> action.accept(entry));
        }

        @Override
        public boolean proves() {
            return proven > 0;
        }
    }
}
