package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The numeric ranges of one field with their {@link Postings}, in two layers like {@link
 * LayeredMap}: a frozen, sorted array of ranges with the highest upper bound of each block of
 * {@value #BLOCK} (and of each block of blocks), and a {@link RangeTree} of the ranges changed
 * since it was frozen, merged in when they outgrow a fraction of it.
 *
 * <p>Immutable, thread-safe. Finding the ranges that hold a value: a binary search for the ranges
 * starting at or below it, then a scan of the block maxima (contiguous doubles, a few cache lines)
 * that skips every block whose ranges all end below it, then the blocks that may hold it. With
 * 20,000 narrow ranges that is a few dozen memory loads where a balanced tree needs a dependent
 * load per level of a thirty-level path. The small layer answers for the ranges it holds.
 */
final class RangeIndex {
    static final RangeIndex EMPTY = new RangeIndex(Frozen.EMPTY, PersistentMap.empty(), RangeTree.EMPTY);
    private static final int BLOCK = 32;
    private static final int SAMPLE = 64;
    private static final int MERGE_FRACTION = 64;
    private static final int MERGE_AT_LEAST = 64;
    private static final Comparator<ValueTest.NumericRange> ORDER = Comparator.comparingDouble(
                    ValueTest.NumericRange::low)
            .thenComparing(ValueTest.NumericRange::lowOpen)
            .thenComparingDouble(ValueTest.NumericRange::high)
            .thenComparing(ValueTest.NumericRange::highOpen);

    private final Frozen base;
    private final PersistentMap<ValueTest.NumericRange, Postings> changes; // NONE marks a removal
    private final RangeTree changed; // the changes that have postings, for stabbing

    private RangeIndex(Frozen base, PersistentMap<ValueTest.NumericRange, Postings> changes, RangeTree changed) {
        this.base = base;
        this.changes = changes;
        this.changed = changed;
    }

    boolean isEmpty() {
        return base.ranges.length == 0 && changed.isEmpty();
    }

    Postings get(ValueTest.NumericRange range) {
        Postings change = changes.get(range);
        if (change != null) {
            return change;
        }
        Postings frozen = base.get(range);
        return frozen == null ? Postings.NONE : frozen;
    }

    RangeIndex with(ValueTest.NumericRange range, Postings postings) {
        PersistentMap<ValueTest.NumericRange, Postings> nextChanges =
                changes.with(range, postings.isEmpty() ? Postings.NONE : postings);
        RangeTree nextChanged = changed.with(range, postings);
        if (nextChanges.size() > MERGE_AT_LEAST + base.ranges.length / MERGE_FRACTION) {
            return new RangeIndex(base.merge(nextChanges), PersistentMap.empty(), RangeTree.EMPTY);
        }
        return new RangeIndex(base, nextChanges, nextChanged);
    }

    /** Calls the action with the postings of every range containing x. */
    void stab(double x, Consumer<Postings> action) {
        if (base.ranges.length > 0) {
            base.stab(x, action, changes);
        }
        if (!changed.isEmpty()) {
            changed.stab(x, action);
        }
    }

    /** How many distinct ranges contain x, counting at most {@code cap}. */
    int covering(double x, int cap) {
        int[] count = {0};
        stab(x, p -> count[0]++);
        return Math.min(count[0], cap);
    }

    /** The frozen layer: ranges sorted by {@link #ORDER}, with block maxima of the upper bounds. */
    private static final class Frozen {
        static final Frozen EMPTY = new Frozen(new ValueTest.NumericRange[0], new Postings[0]);

        final ValueTest.NumericRange[] ranges;
        final Postings[] postings;
        final double[] lows;
        final double[] highs;
        final boolean[] lowOpen;
        final boolean[] highOpen;
        final double[] blockMax;
        final double[] superMax;
        final double[] samples; // lows[0], lows[SAMPLE], lows[2 * SAMPLE], ...

        Frozen(ValueTest.NumericRange[] ranges, Postings[] postings) {
            this.ranges = ranges;
            this.postings = postings;
            lows = new double[ranges.length];
            highs = new double[ranges.length];
            lowOpen = new boolean[ranges.length];
            highOpen = new boolean[ranges.length];
            blockMax = new double[(ranges.length + BLOCK - 1) / BLOCK];
            superMax = new double[(blockMax.length + BLOCK - 1) / BLOCK];
            java.util.Arrays.fill(blockMax, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(superMax, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < ranges.length; i++) {
                lows[i] = ranges[i].low();
                highs[i] = ranges[i].high();
                lowOpen[i] = ranges[i].lowOpen();
                highOpen[i] = ranges[i].highOpen();
                blockMax[i / BLOCK] = Math.max(blockMax[i / BLOCK], ranges[i].high());
            }
            for (int b = 0; b < blockMax.length; b++) {
                superMax[b / BLOCK] = Math.max(superMax[b / BLOCK], blockMax[b]);
            }
            samples = new double[(ranges.length + SAMPLE - 1) / SAMPLE];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = lows[i * SAMPLE];
            }
        }

        Postings get(ValueTest.NumericRange range) {
            int lo = 0;
            int hi = ranges.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = ORDER.compare(ranges[mid], range);
                if (c == 0) {
                    return postings[mid];
                }
                if (c < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return null;
        }

        void stab(double x, Consumer<Postings> action, PersistentMap<ValueTest.NumericRange, Postings> masked) {
            int end = upperBound(x); // ranges [0, end) start at or below x
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
                        // Upper bounds first: every range here starts at or below x, and most end
                        // below it, so the lows and the open flags are read only for the few left.
                        boolean inside = x <= highs[i]
                                && (!highOpen[i] || x < highs[i])
                                && (lowOpen[i] ? lows[i] < x : lows[i] <= x);
                        if (inside && (masked.isEmpty() || masked.get(ranges[i]) == null)) {
                            action.accept(postings[i]);
                        }
                    }
                }
            }
        }

        private int upperBound(double x) {
            // First among every SAMPLE-th lower bound (a small array that stays in cache), then
            // within one stretch of SAMPLE: a binary search of the whole array would touch a cold
            // line at each of its last steps.
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
            // samples[lo - 1] <= x < samples[lo]: the answer lies in ((lo - 1) * SAMPLE, lo * SAMPLE]
            hi = Math.min(lows.length, lo * SAMPLE);
            lo = lo == 0 ? 0 : (lo - 1) * SAMPLE + 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (lows[mid] <= x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
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
