package dev.signalbox.rules.impl;

/**
 * What a matcher reads ahead, before it looks anything up: the hash slot and the value cell each
 * lookup will start from, and every numeric value's range stab (whose postings it keeps); then the
 * conjunctions those cells hold together with their code (the cell carries references to both,
 * see {@link LayeredMap}'s hints, so they need not wait for each other), and the conjunctions the
 * stabs woke with theirs.
 *
 * <p>Per event, confined to the matching thread. Why: in a machine of 100,000 rules each of these
 * is a cache miss, and one lookup's misses depend on one another (slot, cell, conjunction, code),
 * so done lookup by lookup they are paid one after the other. Read in waves, every lookup's slot
 * and cell first, then every cell's conjunctions, the loads of one wave do not depend on one
 * another and the processor overlaps them; the lookups that follow find them in cache. A cell
 * read for a slot that holds another key wakes nothing: it only costs a load.
 */
final class Touches implements java.util.function.Consumer<Object> {
    // The hash slots to read (each table's hash array, its entries and the slot), noted while the
    // event's values are hashed, and the numbers to stab: read by issue().
    private int[][] slotHashes = new int[16][];
    private Object[][] slotEntries = new Object[16][];
    private int[] slotAt = new int[16];
    private int slots;
    private RangeIndex[] rangeIndexes;
    private double[] rangeValues;
    private int rangeCount;
    private Object[] cells = new Object[48];
    private int count;
    // What the numeric values' range stabs woke, kept for the matcher (see FieldIndex#touch);
    // allocated at the first, so that an event without a range hit allocates nothing for it.
    // Objects, not Postings: checking a Postings' type (a cast, or storing it into a Postings
    // array) reads its header, a cache miss that would hold up the stab; see accept.
    private Object[] stabbed;
    private int stabs;
    /** What the reads saw, summed so that the compiler keeps the loads. */
    int sum;

    /**
     * Notes a frozen table's hash slot and the cell beside it ({@link LayeredMap#cell}) for {@link
     * #issue} to read.
     */
    void slot(int[] hashes, Object[] entries, int slot) {
        if (slots == slotAt.length) {
            int grown = slots * 2;
            slotHashes = java.util.Arrays.copyOf(slotHashes, grown);
            slotEntries = java.util.Arrays.copyOf(slotEntries, grown);
            slotAt = java.util.Arrays.copyOf(slotAt, grown);
        }
        slotHashes[slots] = hashes;
        slotEntries[slots] = entries;
        slotAt[slots++] = slot;
    }

    /** Notes a numeric value to stab the ranges with in {@link #issue}. */
    void stab(RangeIndex ranges, double x) {
        if (rangeIndexes == null) {
            rangeIndexes = new RangeIndex[4];
            rangeValues = new double[4];
        } else if (rangeCount == rangeIndexes.length) {
            rangeIndexes = java.util.Arrays.copyOf(rangeIndexes, rangeCount * 2);
            rangeValues = java.util.Arrays.copyOf(rangeValues, rangeCount * 2);
        }
        rangeIndexes[rangeCount] = ranges;
        rangeValues[rangeCount++] = x;
    }

    /**
     * The first wave: every noted slot and cell, then the range stabs. Why apart from hashing the
     * values: a load that misses holds up the instructions behind it, and the processor keeps only
     * a few hundred of them in flight; hashing a value's text (and, for an affix table, every
     * length of it) between one slot's loads and the next filled that window, so fewer loads
     * overlapped. Noted first, the loads are issued here a dozen instructions apart, and the stabs'
     * own searches run while they are answered (at 100,000 rules, 2 to 4% more events per second
     * decoded from records, the stored-event path unchanged: docs/benchmarks.md).
     */
    void issue() {
        int s = sum;
        for (int k = 0; k < slots; k++) {
            int slot = slotAt[k];
            s += slotHashes[k][slot];
            Object[] entries = slotEntries[k];
            int at = LayeredMap.cell(slot);
            cell(entries[at], entries[at + 1], entries[at + 2]);
        }
        sum = s;
        for (int k = 0; k < rangeCount; k++) {
            rangeIndexes[k].stab(rangeValues[k], this);
        }
    }

    /** A cell's postings (or what wraps them) and the two hints beside it (see {@link LayeredMap}). */
    private void cell(Object value, Object hint, Object secondHint) {
        if (count + 3 > cells.length) {
            cells = java.util.Arrays.copyOf(cells, cells.length * 2);
        }
        cells[count] = value;
        cells[count + 1] = hint;
        cells[count + 2] = secondHint;
        count += 3;
    }

    /**
     * Keeps the postings a range stab woke (see {@link FieldIndex#touch}), unread. Why it takes an
     * Object: a {@code Consumer<Postings>} is called through a bridge that casts its argument,
     * and the cast reads the object, a cold line in a large machine, in the middle of the stab
     * (at 100,000 rules a tenth of the time between 10 and 100,000 rules landed on that cast).
     * Unread, the postings are loaded in {@link #conjunctions}'s wave, beside the cells' ones.
     */
    @Override
    public void accept(Object postings) {
        if (stabbed == null) {
            stabbed = new Object[8];
        } else if (stabs == stabbed.length) {
            stabbed = java.util.Arrays.copyOf(stabbed, stabs * 2);
        }
        stabbed[stabs++] = postings;
    }

    /** Hands what the range stabs woke to the matcher. */
    void woken(java.util.function.Consumer<Postings> action) {
        for (int i = 0; i < stabs; i++) {
            action.accept((Postings) stabbed[i]);
        }
    }

    /**
     * The second wave: the postings in the cells read so far, and what their hints name (a lone
     * conjunction's code, a pair's conjunctions) in the same wave, since the hints came with the
     * cell; then a pair's code.
     */
    int conjunctions() {
        int s = sum;
        for (int i = 0; i < count; i += 3) {
            Object cell = cells[i];
            Object hint = cells[i + 1];
            if (cell instanceof SubRuleEntry entry) {
                s += entry.proven ? 1 : 0;
            } else if (cell instanceof Postings.Pair pair) {
                s += pair.first() == hint ? 1 : 0; // loads the pair, not what it names
            }
            if (hint instanceof long[] code) {
                s += code.length;
            } else if (hint instanceof SubRuleEntry first && cells[i + 2] instanceof SubRuleEntry second) {
                s += first.code.length + second.code.length;
            }
        }
        // The stabs' postings, their conjunctions (one, or a pair's two) and their code (allocated
        // beside the entry, so no second page): otherwise each was read only when woken, after the
        // lookups, one after the other.
        for (int i = 0; i < stabs; i++) {
            if (stabbed[i] instanceof SubRuleEntry entry) {
                s += entry.code.length;
            } else if (stabbed[i] instanceof Postings.Pair pair) {
                s += pair.first().code.length + pair.second().code.length;
            }
        }
        return s;
    }
}
