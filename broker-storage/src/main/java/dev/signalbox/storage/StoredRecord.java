package dev.signalbox.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One record read back from the store.
 *
 * <p>Threading and ownership: immutable once built and safe to share; the body array is owned by
 * this record and is not copied, so callers must treat it as read-only. {@code equals} compares the
 * body by content.
 *
 * @param topic the topic it was appended to
 * @param queueId the topic's queue it went to
 * @param queueOffset its position in that queue (0, 1, 2, ... without gaps)
 * @param logOffset its global byte position in the CommitLog
 * @param bornTimestamp epoch milliseconds when the producer made it
 * @param storeTimestamp epoch milliseconds when the writer stored it
 * @param keys the lookup keys it was appended with, in append order
 * @param properties its string properties; a record delivered by the timer carries
 *     {@code __deliverAt} (its due time) and {@code __timerOrigin} (where it waited in the log)
 * @param body the payload, byte for byte as appended
 */
public record StoredRecord(
        String topic,
        int queueId,
        long queueOffset,
        long logOffset,
        long bornTimestamp,
        long storeTimestamp,
        List<String> keys,
        Map<String, String> properties,
        byte[] body) {

    public StoredRecord {
        Objects.requireNonNull(topic, "topic");
        keys = List.copyOf(keys);
        properties = Map.copyOf(properties);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredRecord that
                && queueId == that.queueId
                && queueOffset == that.queueOffset
                && logOffset == that.logOffset
                && bornTimestamp == that.bornTimestamp
                && storeTimestamp == that.storeTimestamp
                && topic.equals(that.topic)
                && keys.equals(that.keys)
                && properties.equals(that.properties)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, queueId, queueOffset, logOffset, storeTimestamp, keys, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "StoredRecord[topic=" + topic + ", queueId=" + queueId + ", queueOffset=" + queueOffset
                + ", logOffset=" + logOffset + ", storeTimestamp=" + storeTimestamp + ", keys=" + keys
                + ", properties=" + properties + ", body=" + body.length + " bytes]";
    }
}
