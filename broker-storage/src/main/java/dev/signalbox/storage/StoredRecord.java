package dev.signalbox.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One record read back from the store.
 *
 * <p>Threading and ownership: immutable once built and safe to share; the body array is owned by
 * this record and is not copied, so callers must treat it as read-only. {@code equals} compares the
 * body by content.
 *
 * @param topic the topic it was appended to
 * @param queueOffset its position in the topic's queue
 * @param logOffset its global byte position in the CommitLog
 * @param storeTimestamp epoch milliseconds when the writer stored it
 * @param keys the lookup keys it was appended with, in append order
 * @param body the payload, byte for byte as appended
 */
public record StoredRecord(
        String topic, long queueOffset, long logOffset, long storeTimestamp, List<String> keys, byte[] body) {

    public StoredRecord {
        Objects.requireNonNull(topic, "topic");
        keys = List.copyOf(keys);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredRecord that
                && queueOffset == that.queueOffset
                && logOffset == that.logOffset
                && storeTimestamp == that.storeTimestamp
                && topic.equals(that.topic)
                && keys.equals(that.keys)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, queueOffset, logOffset, storeTimestamp, keys, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "StoredRecord[topic=" + topic + ", queueOffset=" + queueOffset + ", logOffset=" + logOffset
                + ", storeTimestamp=" + storeTimestamp + ", keys=" + keys + ", body=" + body.length + " bytes]";
    }
}
