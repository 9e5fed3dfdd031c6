package dev.signalbox.storage;

/**
 * A snapshot of the store's counters since it was opened, for metrics and benchmarks.
 *
 * <p>Threading: immutable value, safe to share. Each counter is read atomically, the set is not:
 * counters taken together may be a few operations apart.
 *
 * @param appends records written to the CommitLog (timer deliveries included)
 * @param appendedBytes bytes of those records
 * @param storeBusy appends refused with {@code STORE_BUSY}
 * @param syncAppends {@code SYNC} appends completed after a group commit
 * @param groupCommits fsyncs made because {@code SYNC} appends were waiting
 * @param fsyncs every fsync of the CommitLog (group commits, background flushes, rolls)
 * @param segmentsDeleted CommitLog segments deleted by retention
 * @param timerDelivered delayed records appended to their topic when due
 * @param logStart the lowest log offset held
 * @param logEnd the log offset the next record goes to
 * @param writeQueueDepth appends waiting for the writer thread when the snapshot was taken
 * @param writeQueueCapacity appends the write queue holds before the store answers
 *     {@code STORE_BUSY}
 */
public record StoreStats(
        long appends,
        long appendedBytes,
        long storeBusy,
        long syncAppends,
        long groupCommits,
        long fsyncs,
        long segmentsDeleted,
        long timerDelivered,
        long logStart,
        long logEnd,
        int writeQueueDepth,
        int writeQueueCapacity) {

    /** {@code SYNC} appends per group commit: how many appends shared each fsync (0 when none). */
    public double syncAppendsPerGroupCommit() {
        return groupCommits == 0 ? 0 : (double) syncAppends / groupCommits;
    }
}
