package dev.signalbox.storage;

import java.util.List;
import java.util.Objects;

/**
 * The answer to {@link MessageStore#fetch}: the records read, and where the queue starts and ends
 * at the time of the read, so a reader that fell behind retention learns where to resume.
 *
 * <p>Threading: immutable value, safe to share.
 *
 * @param status {@link ReadStatus#OK}, or {@link ReadStatus#OFFSET_GONE} with no records
 * @param records the records from the requested offset, in queue order, without gaps
 * @param earliestOffset the lowest queue offset still held
 * @param nextOffset the queue offset the next appended record will get
 */
public record ReadResult(ReadStatus status, List<StoredRecord> records, long earliestOffset, long nextOffset) {

    public ReadResult {
        Objects.requireNonNull(status, "status");
        records = List.copyOf(records);
    }

    /** Whether the requested offset is gone. */
    public boolean isGone() {
        return status == ReadStatus.OFFSET_GONE;
    }
}
