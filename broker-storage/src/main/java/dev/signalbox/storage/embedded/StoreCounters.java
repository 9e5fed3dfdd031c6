package dev.signalbox.storage.embedded;

import java.util.concurrent.atomic.LongAdder;

/**
 * The store's counters, bumped by its agents and read into a {@link dev.signalbox.storage.StoreStats}.
 *
 * <p>Threading: thread-safe (adders).
 */
final class StoreCounters {
    final LongAdder appends = new LongAdder();
    final LongAdder appendedBytes = new LongAdder();
    final LongAdder storeBusy = new LongAdder();
    final LongAdder syncAppends = new LongAdder();
    final LongAdder groupCommits = new LongAdder();
    final LongAdder segmentsDeleted = new LongAdder();
}
