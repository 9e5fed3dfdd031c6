package dev.signalbox.storage;

import java.util.Objects;

/**
 * What {@link MessageStore#open} found and repaired.
 *
 * <p>Threading: immutable value, safe to share.
 *
 * @param recordsRecovered complete, CRC-valid records kept in the CommitLog
 * @param bytesTruncated CommitLog bytes cut at the first bad or torn record (0 when none)
 * @param truncatedReason why the log was cut, naming the log offset; the empty string when not cut
 * @param cleanShutdown whether the previous run closed the store cleanly (true for a new store)
 */
public record RecoveryReport(
        long recordsRecovered, long bytesTruncated, String truncatedReason, boolean cleanShutdown) {

    public RecoveryReport {
        Objects.requireNonNull(truncatedReason, "truncatedReason");
        if (recordsRecovered < 0 || bytesTruncated < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
