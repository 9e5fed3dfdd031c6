package dev.signalbox.storage;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A record to append, with everything the log can carry: a topic and queue, lookup keys, string
 * properties, the body, the producer's birth time, and an optional delivery time that turns it
 * into a delayed record (see {@link MessageStore#append(NewRecord, FlushMode)}).
 *
 * <p>Threading and ownership: immutable once built and safe to share; the body array is not
 * copied, so the caller must not change it until the append completes. Names and keys are checked
 * by the store when the record is appended.
 *
 * @param topic the topic
 * @param queueId the topic's queue, {@code 0} to {@link #MAX_QUEUE_ID}
 * @param keys lookup keys (an event id, a business key), each indexed
 * @param properties string properties; names starting with {@code __} are reserved for the store
 * @param body the payload
 * @param bornTimestamp when the producer made it, epoch milliseconds; 0 means "when appended"
 * @param deliverAt when the record is due in its topic, epoch milliseconds; 0 (or a time already
 *     past) means at once
 */
public record NewRecord(
        String topic,
        int queueId,
        List<String> keys,
        Map<String, String> properties,
        byte[] body,
        long bornTimestamp,
        long deliverAt) {

    /** The highest queue id of a topic. */
    public static final int MAX_QUEUE_ID = 1023;

    /** The prefix of property names the store keeps for itself. */
    public static final String RESERVED_PREFIX = "__";

    public NewRecord {
        Objects.requireNonNull(topic, "topic");
        keys = List.copyOf(keys);
        properties = Map.copyOf(properties);
        Objects.requireNonNull(body, "body");
        if (queueId < 0 || queueId > MAX_QUEUE_ID) {
            throw new IllegalArgumentException("queueId must be between 0 and " + MAX_QUEUE_ID + ", was " + queueId);
        }
        if (bornTimestamp < 0 || deliverAt < 0) {
            throw new IllegalArgumentException("timestamps must not be negative");
        }
    }

    /** A record for queue 0 of the topic, without keys or properties, due at once. */
    public static NewRecord of(String topic, byte[] body) {
        return new NewRecord(topic, 0, List.of(), Map.of(), body, 0, 0);
    }

    public NewRecord withKeys(List<String> value) {
        return new NewRecord(topic, queueId, value, properties, body, bornTimestamp, deliverAt);
    }

    public NewRecord withProperties(Map<String, String> value) {
        return new NewRecord(topic, queueId, keys, value, body, bornTimestamp, deliverAt);
    }

    public NewRecord withQueueId(int value) {
        return new NewRecord(topic, value, keys, properties, body, bornTimestamp, deliverAt);
    }

    public NewRecord withBornTimestamp(long value) {
        return new NewRecord(topic, queueId, keys, properties, body, value, deliverAt);
    }

    /** This record, due in its topic at {@code epochMillis}. */
    public NewRecord withDeliverAt(long epochMillis) {
        return new NewRecord(topic, queueId, keys, properties, body, bornTimestamp, epochMillis);
    }
}
