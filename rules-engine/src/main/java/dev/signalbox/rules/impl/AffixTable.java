package dev.signalbox.rules.impl;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Prefixes (or suffixes) of one field with their {@link Postings}: a persistent map from the
 * affix to its postings, plus the distinct affix lengths in use. A value is looked up once per
 * length that fits in it, so the cost is the number of distinct lengths, not of affixes.
 *
 * <p>Immutable, thread-safe; the map is a {@link LayeredMap}, changed in O(1) amortised. A trie
 * would walk one node per character of the value; with a handful of lengths in use (the usual
 * case) hashing a few substrings is cheaper and much smaller.
 */
final class AffixTable {
    static final AffixTable EMPTY = new AffixTable(LayeredMap.empty(), PersistentMap.empty(), new int[0]);

    private final LayeredMap<String> byAffix;
    private final PersistentMap<Integer, Integer> lengthUses;
    private final int[] lengths;

    private AffixTable(LayeredMap<String> byAffix, PersistentMap<Integer, Integer> lengthUses, int[] lengths) {
        this.byAffix = byAffix;
        this.lengthUses = lengthUses;
        this.lengths = lengths;
    }

    boolean isEmpty() {
        return byAffix.isEmpty();
    }

    Postings get(String affix) {
        Postings postings = byAffix.get(affix);
        return postings == null ? Postings.NONE : postings;
    }

    AffixTable with(String affix, Postings postings) {
        boolean had = byAffix.get(affix) != null;
        if (postings.isEmpty()) {
            return had ? new AffixTable(byAffix.with(affix, postings), uses(affix.length(), -1), null).sorted() : this;
        }
        PersistentMap<Integer, Integer> uses = had ? lengthUses : uses(affix.length(), 1);
        return new AffixTable(byAffix.with(affix, postings), uses, had ? lengths : null).sorted();
    }

    /** Calls the action with the postings of every affix the value starts (or ends) with. */
    void lookup(String value, boolean suffix, Consumer<Postings> action) {
        int length = value.length();
        int h = 0;
        int done = 0;
        for (int affixLength : lengths) {
            if (affixLength > length) {
                return;
            }
            if (suffix) {
                h = 0;
                for (int i = length - affixLength; i < length; i++) {
                    h = 31 * h + value.charAt(i);
                }
            } else {
                for (; done < affixLength; done++) {
                    h = 31 * h + value.charAt(done);
                }
            }
            // Most lengths find nothing: ask the table's filter with the affix's hashCode (computed
            // as String does) before making the substring.
            if (!byAffix.mayHold(h)) {
                continue;
            }
            String affix = suffix ? value.substring(length - affixLength) : value.substring(0, affixLength);
            Postings postings = byAffix.candidates(affix);
            if (postings != null) {
                action.accept(postings);
            }
        }
    }

    /** Touches the table slot of every affix {@link #lookup} will try (see {@link LayeredMap#touch}). */
    void touch(String value, boolean suffix, Touches touches) {
        int length = value.length();
        if (suffix) {
            for (int affixLength : lengths) {
                if (affixLength > length) {
                    break;
                }
                int h = 0; // String.hashCode of the suffix, without making the substring
                for (int i = length - affixLength; i < length; i++) {
                    h = 31 * h + value.charAt(i);
                }
                byAffix.touch(h, touches);
            }
            return;
        }
        int h = 0;
        int done = 0;
        for (int affixLength : lengths) {
            if (affixLength > length) {
                break;
            }
            for (; done < affixLength; done++) {
                h = 31 * h + value.charAt(done);
            }
            byAffix.touch(h, touches);
        }
    }

    private PersistentMap<Integer, Integer> uses(int length, int delta) {
        Integer old = lengthUses.get(length);
        int now = (old == null ? 0 : old) + delta;
        return now == 0 ? lengthUses.without(length) : lengthUses.with(length, now);
    }

    // Recomputes the sorted length array when a length appeared or vanished.
    private AffixTable sorted() {
        if (lengths != null) {
            return this;
        }
        int[] out = new int[lengthUses.size()];
        int[] i = {0};
        lengthUses.forEach((length, uses) -> out[i[0]++] = length);
        Arrays.sort(out);
        return new AffixTable(byAffix, lengthUses, out);
    }
}
