package dev.signalbox.storage;

import java.util.Objects;

/**
 * The answer to {@link MessageStore#append}: a status and, when it is {@link AppendStatus#OK},
 * where the record went. The offsets are {@code -1} for every other status.
 *
 * <p>Threading: immutable value, safe to share.
 *
 * @param status what happened
 * @param queueOffset the record's position in its topic's queue (0, 1, 2, ... without gaps)
 * @param logOffset the global byte position of the record in the CommitLog
 */
public record AppendResult(AppendStatus status, long queueOffset, long logOffset) {

    public AppendResult {
        Objects.requireNonNull(status, "status");
    }

    /** Whether the record was stored. */
    public boolean isOk() {
        return status == AppendStatus.OK;
    }
}
