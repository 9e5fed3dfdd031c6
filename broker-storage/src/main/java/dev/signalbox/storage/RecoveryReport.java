package dev.signalbox.storage;

import java.util.Objects;

/**
 * What {@link MessageStore#open} found and repaired.
 *
 * <p>Threading: immutable value, safe to share.
 *
 * @param recordsRecovered records held in the store's queues after recovery
 * @param bytesTruncated CommitLog bytes cut at the first bad or torn record (0 when none)
 * @param truncatedReason why the log was cut, naming the log offset; the empty string when not cut
 * @param cleanShutdown whether the previous run closed the store cleanly (true for a new store)
 * @param verifiedFrom the log offset from which records were CRC-verified and re-dispatched
 * @param recordsVerified how many records were CRC-verified
 * @param queuesRebuilt ConsumeQueues rebuilt from the log because they were missing or behind
 * @param millis how long recovery took
 */
public record RecoveryReport(
        long recordsRecovered,
        long bytesTruncated,
        String truncatedReason,
        boolean cleanShutdown,
        long verifiedFrom,
        long recordsVerified,
        int queuesRebuilt,
        long millis) {

    public RecoveryReport {
        Objects.requireNonNull(truncatedReason, "truncatedReason");
        if (recordsRecovered < 0 || bytesTruncated < 0 || recordsVerified < 0 || queuesRebuilt < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** Whether recovery cut anything from the log. */
    public boolean isTruncated() {
        return bytesTruncated > 0 || !truncatedReason.isEmpty();
    }
}
