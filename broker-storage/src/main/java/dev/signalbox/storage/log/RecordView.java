package dev.signalbox.storage.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable read-only view of one record's header fields inside a larger buffer (a mapped
 * segment), for the agents that follow the log: what the ConsumeQueue and the index need, parsed
 * without copying the body. Layout: {@link RecordDescriptor}.
 *
 * <p>Threading: not thread-safe; each following agent owns one view.
 */
public final class RecordView {

    /** The property whose value's hash is the ConsumeQueue entry's tag hash. */
    public static final String TAG_PROPERTY = "tag";
    /** The due time of a delayed record, epoch milliseconds as decimal text. */
    public static final String DELIVER_AT_PROPERTY = "__deliverAt";

    /** On a record the timer delivered: where the delayed record waited in the log. */
    public static final String TIMER_ORIGIN_PROPERTY = "__timerOrigin";

    private static final byte[] TIMER_ORIGIN = TIMER_ORIGIN_PROPERTY.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAG = TAG_PROPERTY.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELIVER_AT = DELIVER_AT_PROPERTY.getBytes(StandardCharsets.US_ASCII);

    private ByteBuffer buffer;
    private int start;
    private int length;
    private int flags;
    private long storeTimestamp;
    private int queueId;
    private long queueOffset;
    private String topic;
    private byte[] topicBytes = new byte[0];
    private int[] keyHashes = new int[4];
    private int keyCount;
    private long tagHash;
    private long deliverAt;
    private long timerOrigin;

    /**
     * Parses the record of {@code length} bytes at index {@code start} (magic already checked);
     * false when its structure is broken (lengths that do not add up).
     */
    public boolean parse(ByteBuffer source, int start, int length) {
        this.buffer = source;
        this.start = start;
        this.length = length;
        int end = start + length;
        try {
            flags = source.getInt(start + RecordDescriptor.FLAGS_OFFSET);
            storeTimestamp = source.getLong(start + RecordDescriptor.STORE_TIMESTAMP_OFFSET);
            queueId = source.getInt(start + RecordDescriptor.QUEUE_ID_OFFSET);
            queueOffset = source.getLong(start + RecordDescriptor.QUEUE_OFFSET_OFFSET);
            int topicLength = source.getShort(start + RecordDescriptor.TOPIC_LENGTH_OFFSET);
            int at = start + RecordDescriptor.TOPIC_OFFSET;
            if (topicLength < 1 || at + topicLength > end || queueId < 0 || queueOffset < 0) {
                return false;
            }
            readTopic(at, topicLength);
            at += topicLength;
            at = parseKeys(at, end);
            if (at < 0) {
                return false;
            }
            at = parseProperties(at, end);
            if (at < 0 || at + Integer.BYTES > end) {
                return false;
            }
            return source.getInt(at) == end - at - Integer.BYTES;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    private void readTopic(int at, int topicLength) {
        boolean same = topic != null && topicBytes.length == topicLength;
        for (int i = 0; same && i < topicLength; i++) {
            same = topicBytes[i] == buffer.get(at + i);
        }
        if (!same) {
            topicBytes = new byte[topicLength];
            buffer.get(at, topicBytes);
            topic = new String(topicBytes, StandardCharsets.UTF_8);
        }
    }

    private int parseKeys(int at, int end) {
        int count = buffer.getShort(at);
        at += Short.BYTES;
        if (count < 0) {
            return -1;
        }
        keyCount = 0;
        if (keyHashes.length < count) {
            keyHashes = new int[count];
        }
        for (int i = 0; i < count; i++) {
            int keyLength = buffer.getShort(at);
            at += Short.BYTES;
            if (keyLength < 1 || at + keyLength > end) {
                return -1;
            }
            if (!repeatsEarlierKey(at, keyLength, i)) {
                keyHashes[keyCount++] = KeyHash.of(topicBytes, buffer, at, keyLength);
            }
            at += keyLength;
        }
        return at;
    }

    /** Whether the key at {@code at} equals one of the record's earlier keys (indexed once). */
    private boolean repeatsEarlierKey(int at, int keyLength, int index) {
        int other = start + RecordDescriptor.TOPIC_OFFSET + topicBytes.length + Short.BYTES;
        for (int i = 0; i < index; i++) {
            int otherLength = buffer.getShort(other);
            other += Short.BYTES;
            if (otherLength == keyLength && buffer.slice(other, keyLength).equals(buffer.slice(at, keyLength))) {
                return true;
            }
            other += otherLength;
        }
        return false;
    }

    private int parseProperties(int at, int end) {
        int count = buffer.getShort(at);
        at += Short.BYTES;
        if (count < 0) {
            return -1;
        }
        tagHash = 0;
        deliverAt = 0;
        timerOrigin = -1;
        for (int i = 0; i < count; i++) {
            int nameLength = buffer.getShort(at);
            int nameAt = at + Short.BYTES;
            if (nameLength < 1 || nameAt + nameLength + Short.BYTES > end) {
                return -1;
            }
            int valueLength = buffer.getShort(nameAt + nameLength);
            int valueAt = nameAt + nameLength + Short.BYTES;
            if (valueLength < 0 || valueAt + valueLength > end) {
                return -1;
            }
            if (nameIs(nameAt, nameLength, TAG)) {
                tagHash = string(valueAt, valueLength).hashCode();
            } else if (nameIs(nameAt, nameLength, DELIVER_AT)) {
                deliverAt = parseLong(valueAt, valueLength);
            } else if (nameIs(nameAt, nameLength, TIMER_ORIGIN)) {
                timerOrigin = parseLong(valueAt, valueLength);
            }
            at = valueAt + valueLength;
        }
        return at;
    }

    private boolean nameIs(int at, int nameLength, byte[] name) {
        if (nameLength != name.length) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (buffer.get(at + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private String string(int at, int valueLength) {
        byte[] bytes = new byte[valueLength];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private long parseLong(int at, int valueLength) {
        long value = 0;
        for (int i = 0; i < valueLength; i++) {
            int digit = buffer.get(at + i) - '0';
            if (digit < 0 || digit > 9 || i > 18) {
                return 0;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Whether the stored crc matches the bytes. */
    public boolean isCrcValid() {
        return buffer.getInt(start + RecordDescriptor.CRC_OFFSET) == RecordDescriptor.crc(buffer, start, length);
    }

    public int length() {
        return length;
    }

    public int flags() {
        return flags;
    }

    public long storeTimestamp() {
        return storeTimestamp;
    }

    public int queueId() {
        return queueId;
    }

    public long queueOffset() {
        return queueOffset;
    }

    public String topic() {
        return topic;
    }

    /** Hashes of the record's distinct keys, {@link KeyHash} of topic and key; valid up to {@link #keyCount()}. */
    public int[] keyHashes() {
        return keyHashes;
    }

    public int keyCount() {
        return keyCount;
    }

    /** The hash of the {@value #TAG_PROPERTY} property, 0 when absent. */
    public long tagHash() {
        return tagHash;
    }

    /** The {@value #DELIVER_AT_PROPERTY} property, 0 when absent. */
    public long deliverAt() {
        return deliverAt;
    }

    /** The {@value #TIMER_ORIGIN_PROPERTY} property, -1 when absent. */
    public long timerOrigin() {
        return timerOrigin;
    }

    @Override
    public String toString() {
        return "RecordView[" + topic + "/" + queueId + "@" + queueOffset + ", " + length + " bytes, keys "
                + Arrays.toString(Arrays.copyOf(keyHashes, keyCount)) + "]";
    }
}
