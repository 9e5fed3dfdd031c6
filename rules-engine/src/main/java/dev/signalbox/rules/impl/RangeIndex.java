package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The numeric ranges of one field with their {@link Postings}, in two layers like {@link
 * LayeredMap}: a frozen, sorted array of ranges with the highest upper bound of each block of
 * {@value #BLOCK} (and of each block of blocks), and a second, small one of the ranges changed
 * since it was frozen, rebuilt at each change and merged in when it outgrows a fraction of the
 * first.
 *
 * <p>Immutable, thread-safe. Finding the ranges that hold a value: a search of every {@value
 * #SAMPLE}th lower bound (a small array that stays in cache) for where the ranges starting above
 * the value begin, then a scan of the block maxima that skips every block whose ranges all end
 * below it, then the blocks that may hold it. With 20,000 narrow ranges that is a few dozen
 * memory loads where a balanced tree needs a dependent load per level of a thirty-level path. The
 * small layer answers for the ranges it holds.
 *
 * <p>Why the frozen layer keeps each range as two closed bounds side by side ({@code x > low} is
 * {@code x >= Math.nextUp(low)} for doubles) and no open flags: in a machine of 100,000 rules
 * every array a stab reads is a cold page, and each was read only after the one before (lower
 * bounds, upper bounds, two flag arrays, the changes' map with the range object, the postings).
 * Now a stab reads one stretch of bounds, the postings beside it, and nothing else that is cold.
 */
final class RangeIndex {
    private static final int BLOCK = 32;
    private static final int SAMPLE = 16;
    private static final int MERGE_FRACTION = 64;
    private static final int MERGE_AT_LEAST = 64;
    private static final int MASK_BITS = 4096;
    private static final long[] NO_MASK = new long[MASK_BITS / 64];
    private static final Comparator<ValueTest.NumericRange> ORDER = Comparator.comparingDouble(RangeIndex::closedLow)
            .thenComparingDouble(ValueTest.NumericRange::low)
            .thenComparing(ValueTest.NumericRange::lowOpen)
            .thenComparingDouble(ValueTest.NumericRange::high)
            .thenComparing(ValueTest.NumericRange::highOpen);
    static final RangeIndex EMPTY = new RangeIndex(Frozen.EMPTY, PersistentMap.empty(), Frozen.EMPTY, NO_MASK);

    private final Frozen base;
    private final PersistentMap<ValueTest.NumericRange, Postings> changes; // NONE marks a removal
    // The changes that have postings, sorted like the base, for stabbing. Rebuilt at each change
    // (it holds at most a 64th of the base, O(k log k)); a tree of nodes here cost a stab a chain of
    // small objects scattered over the pages the last rule changes allocated in.
    private final Frozen recent;
    // One bit per frozen position a change masks (position modulo MASK_BITS): a stab asks the
    // change map only at a set bit, so an unchanged range costs no lookup of its (cold) key.
    private final long[] masked;

    private RangeIndex(
            Frozen base, PersistentMap<ValueTest.NumericRange, Postings> changes, Frozen recent, long[] masked) {
        this.base = base;
        this.changes = changes;
        this.recent = recent;
        this.masked = masked;
    }

    boolean isEmpty() {
        return base.ranges.length == 0 && recent.ranges.length == 0;
    }

    Postings get(ValueTest.NumericRange range) {
        Postings change = changes.get(range);
        if (change != null) {
            return change;
        }
        int at = base.indexOf(range);
        return at < 0 ? Postings.NONE : base.postings[at];
    }

    RangeIndex with(ValueTest.NumericRange range, Postings postings) {
        PersistentMap<ValueTest.NumericRange, Postings> nextChanges =
                changes.with(range, postings.isEmpty() ? Postings.NONE : postings);
        if (nextChanges.size() > MERGE_AT_LEAST + base.ranges.length / MERGE_FRACTION) {
            return new RangeIndex(base.merge(nextChanges), PersistentMap.empty(), Frozen.EMPTY, NO_MASK);
        }
        long[] nextMasked = masked;
        int at = base.indexOf(range);
        if (at >= 0 && !isMasked(masked, at)) {
            nextMasked = masked.clone();
            int bit = at & (MASK_BITS - 1);
            nextMasked[bit >>> 6] |= 1L << bit;
        }
        return new RangeIndex(base, nextChanges, Frozen.EMPTY.merge(nextChanges), nextMasked);
    }

    private static boolean isMasked(long[] masked, int at) {
        int bit = at & (MASK_BITS - 1);
        return (masked[bit >>> 6] & (1L << bit)) != 0;
    }

    /** Calls the action with the postings of every range containing x. */
    void stab(double x, Consumer<? super Postings> action) {
        if (base.ranges.length > 0) {
            base.stab(x, action, this);
        }
        if (recent.ranges.length > 0) {
            recent.stab(x, action, null);
        }
    }

    /** Whether the frozen range at this position was changed since freezing (so the small layer answers for it). */
    private boolean changedSinceFrozen(int at) {
        return isMasked(masked, at) && changes.get(base.ranges[at]) != null;
    }

    /** How many distinct ranges contain x, counting at most {@code cap}. */
    int covering(double x, int cap) {
        int[] count = {0};
        stab(x, p -> count[0]++);
        return Math.min(count[0], cap);
    }

    /** The smallest x the range holds by its lower bound; +infinity when it holds none. */
    private static double closedLow(ValueTest.NumericRange range) {
        return holdsNone(range) ? Double.POSITIVE_INFINITY : range.lowOpen() ? Math.nextUp(range.low()) : range.low();
    }

    /** The largest x the range holds by its upper bound; -infinity when it holds none. */
    private static double closedHigh(ValueTest.NumericRange range) {
        return holdsNone(range)
                ? Double.NEGATIVE_INFINITY
                : range.highOpen() ? Math.nextDown(range.high()) : range.high();
    }

    // Sorted last and never inside: (+inf, ...), (..., -inf) and ranges whose closed bounds cross.
    private static boolean holdsNone(ValueTest.NumericRange range) {
        if ((range.lowOpen() && range.low() == Double.POSITIVE_INFINITY)
                || (range.highOpen() && range.high() == Double.NEGATIVE_INFINITY)) {
            return true;
        }
        double low = range.lowOpen() ? Math.nextUp(range.low()) : range.low();
        double high = range.highOpen() ? Math.nextDown(range.high()) : range.high();
        return low > high;
    }

    /**
     * The frozen layer: ranges sorted by {@link #ORDER} (closed lower bound first), their closed
     * bounds interleaved ({@code bounds[2i]} low, {@code bounds[2i + 1]} high), block maxima of the
     * upper bounds.
     */
    private static final class Frozen {
        static final Frozen EMPTY = new Frozen(new ValueTest.NumericRange[0], new Postings[0]);

        final ValueTest.NumericRange[] ranges;
        final Postings[] postings;
        final double[] bounds;
        final double[] blockMax;
        final double[] superMax;
        final double[] samples; // the lower bound of range 0, SAMPLE, 2 * SAMPLE, ...

        Frozen(ValueTest.NumericRange[] ranges, Postings[] postings) {
            this.ranges = ranges;
            this.postings = postings;
            bounds = new double[2 * ranges.length];
            blockMax = new double[(ranges.length + BLOCK - 1) / BLOCK];
            superMax = new double[(blockMax.length + BLOCK - 1) / BLOCK];
            java.util.Arrays.fill(blockMax, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(superMax, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < ranges.length; i++) {
                double low = closedLow(ranges[i]);
                double high = closedHigh(ranges[i]);
                bounds[2 * i] = low;
                bounds[2 * i + 1] = high;
                blockMax[i / BLOCK] = Math.max(blockMax[i / BLOCK], high);
            }
            for (int b = 0; b < blockMax.length; b++) {
                superMax[b / BLOCK] = Math.max(superMax[b / BLOCK], blockMax[b]);
            }
            samples = new double[(ranges.length + SAMPLE - 1) / SAMPLE];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = bounds[2 * i * SAMPLE];
            }
        }

        /** The position of the range, or -1. */
        int indexOf(ValueTest.NumericRange range) {
            int lo = 0;
            int hi = ranges.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = ORDER.compare(ranges[mid], range);
                if (c == 0) {
                    return mid;
                }
                if (c < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return -1;
        }

        /** Stabs this layer; {@code owner} masks the ranges changed since (null: none are). */
        void stab(double x, Consumer<? super Postings> action, RangeIndex owner) {
            int end = startingAtOrBelow(x); // ranges [end, n) start above x
            int blocks = (end + BLOCK - 1) / BLOCK;
            for (int s = 0; s * BLOCK < blocks; s++) {
                if (superMax[s] < x) {
                    continue;
                }
                int lastBlock = Math.min(blocks, (s + 1) * BLOCK);
                for (int b = s * BLOCK; b < lastBlock; b++) {
                    if (blockMax[b] < x) {
                        continue;
                    }
                    int last = Math.min(end, (b + 1) * BLOCK);
                    for (int i = b * BLOCK; i < last; i++) {
                        if (bounds[2 * i] <= x
                                && x <= bounds[2 * i + 1]
                                && (owner == null || !owner.changedSinceFrozen(i))) {
                            action.accept(postings[i]);
                        }
                    }
                }
            }
        }

        /**
         * A position from which on every range starts above x, found among the sampled lower bounds
         * only (they stay in cache; the bounds array does not): the ranges of the last sampled
         * stretch before it may start above x too, and the scan checks each lower bound anyway.
         */
        private int startingAtOrBelow(double x) {
            int lo = 0;
            int hi = samples.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (samples[mid] <= x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return Math.min(ranges.length, lo * SAMPLE);
        }

        Frozen merge(PersistentMap<ValueTest.NumericRange, Postings> changes) {
            List<ValueTest.NumericRange> keep = new ArrayList<>(ranges.length + changes.size());
            List<Postings> values = new ArrayList<>(ranges.length + changes.size());
            for (int i = 0; i < ranges.length; i++) {
                if (changes.get(ranges[i]) == null) {
                    keep.add(ranges[i]);
                    values.add(postings[i]);
                }
            }
            changes.forEach((range, p) -> {
                if (p != Postings.NONE) {
                    keep.add(range);
                    values.add(p);
                }
            });
            Integer[] order = new Integer[keep.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> ORDER.compare(keep.get(a), keep.get(b)));
            ValueTest.NumericRange[] sorted = new ValueTest.NumericRange[order.length];
            Postings[] sortedPostings = new Postings[order.length];
            for (int i = 0; i < order.length; i++) {
                sorted[i] = keep.get(order[i]);
                sortedPostings[i] = values.get(order[i]);
            }
            return new Frozen(sorted, sortedPostings);
        }
    }
}
