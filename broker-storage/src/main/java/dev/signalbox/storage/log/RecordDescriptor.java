package dev.signalbox.storage.log;

import dev.signalbox.storage.StoredRecord;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary layout of one CommitLog record. All integers are big-endian.
 *
 * <pre>
 *  0               4               8               12
 *  +---------------+---------------+---------------+-------------------------------+
 *  |     magic     |  totalLength  |    crc32c     |    storeTimestamp (long)      |
 *  +---------------+---------------+---------------+-------------------------------+
 *  20                              28      30
 *  +-------------------------------+-------+---------------------------------------+
 *  |      queueOffset (long)       | topic |  topic (UTF-8, topicLength bytes)     |
 *  |                               |  Len  |                                       |
 *  +-------------------------------+-------+---------------------------------------+
 *  +----------+----------------------------------------+------------+--------------+
 *  | keyCount | (keyLength short | key UTF-8) x count  | bodyLength |  body bytes  |
 *  |  short   |                                        |    int     |              |
 *  +----------+----------------------------------------+------------+--------------+
 *
 *  totalLength counts every byte of the record, magic included.
 *  crc32c (java.util.zip.CRC32C) covers every byte after the crc field: [12, totalLength).
 * </pre>
 *
 * <p>Threading: stateless, safe on any thread; the buffers passed in belong to the caller.
 */
public final class RecordDescriptor {

    /** Marks the start of every record; a zeroed or foreign tail fails here first. */
    public static final int MAGIC = 0x5B0C_0001;

    public static final int MAGIC_OFFSET = 0;
    public static final int LENGTH_OFFSET = 4;
    public static final int CRC_OFFSET = 8;
    /** The first byte covered by the checksum. */
    public static final int CRC_START = 12;

    public static final int TIMESTAMP_OFFSET = 12;
    public static final int QUEUE_OFFSET_OFFSET = 20;
    public static final int TOPIC_LENGTH_OFFSET = 28;
    public static final int TOPIC_OFFSET = 30;

    /** magic + totalLength: what must be readable to know a record's extent. */
    public static final int PREFIX_LENGTH = 8;

    /** A one-byte topic, no keys, an empty body. */
    public static final int MIN_LENGTH = TOPIC_OFFSET + 1 + Short.BYTES + Integer.BYTES;

    private RecordDescriptor() {}

    /** The encoded size, as a long so an oversized body cannot overflow. */
    public static long encodedLength(byte[] topic, List<byte[]> keys, int bodyLength) {
        long length = TOPIC_OFFSET + topic.length + Short.BYTES;
        for (byte[] key : keys) {
            length += Short.BYTES + key.length;
        }
        return length + Integer.BYTES + bodyLength;
    }

    /**
     * Encodes a record whose timestamp, queue offset and crc are still zero; the writer fills them
     * with {@link #stamp}. The caller has checked the length fits in an int.
     */
    public static ByteBuffer encode(byte[] topic, List<byte[]> keys, byte[] body) {
        int length = (int) encodedLength(topic, keys, body.length);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.putInt(MAGIC).putInt(length).putInt(0).putLong(0L).putLong(0L);
        buffer.putShort((short) topic.length).put(topic);
        buffer.putShort((short) keys.size());
        for (byte[] key : keys) {
            buffer.putShort((short) key.length).put(key);
        }
        buffer.putInt(body.length).put(body);
        return buffer.flip();
    }

    /** Writes the store timestamp and queue offset into an encoded record, then its crc. */
    public static void stamp(ByteBuffer record, long storeTimestamp, long queueOffset) {
        record.putLong(TIMESTAMP_OFFSET, storeTimestamp);
        record.putLong(QUEUE_OFFSET_OFFSET, queueOffset);
        record.putInt(CRC_OFFSET, crc(record, record.getInt(LENGTH_OFFSET)));
    }

    /** The crc32c of bytes [12, length) of a record starting at the buffer's index 0. */
    public static int crc(ByteBuffer record, int length) {
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(CRC_START).limit(length));
        return (int) crc.getValue();
    }

    /**
     * Verifies and decodes the record that fills {@code record} from index 0 to its limit.
     *
     * @param logOffset where the record starts in the log, for the result and for messages
     * @throws CorruptRecordException when magic, length, crc or the inner structure is wrong
     */
    public static StoredRecord decode(ByteBuffer record, long logOffset) throws CorruptRecordException {
        int length = record.limit();
        if (length < MIN_LENGTH || record.getInt(LENGTH_OFFSET) != length) {
            throw new CorruptRecordException("bad record length at log offset " + logOffset);
        }
        if (record.getInt(MAGIC_OFFSET) != MAGIC) {
            throw new CorruptRecordException(
                    String.format("bad magic 0x%08x at log offset %d", record.getInt(MAGIC_OFFSET), logOffset));
        }
        if (record.getInt(CRC_OFFSET) != crc(record, length)) {
            throw new CorruptRecordException("CRC mismatch at log offset " + logOffset);
        }
        try {
            return decodeVerified(record.duplicate().position(TIMESTAMP_OFFSET), logOffset);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptRecordException("malformed record at log offset " + logOffset);
        }
    }

    private static StoredRecord decodeVerified(ByteBuffer in, long logOffset) throws CorruptRecordException {
        long timestamp = in.getLong();
        long queueOffset = in.getLong();
        String topic = string(in, in.getShort());
        int keyCount = in.getShort();
        if (keyCount < 0 || queueOffset < 0) {
            throw new CorruptRecordException("malformed record at log offset " + logOffset);
        }
        List<String> keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            keys.add(string(in, in.getShort()));
        }
        int bodyLength = in.getInt();
        if (bodyLength != in.remaining()) {
            throw new CorruptRecordException("body length does not match record length at log offset " + logOffset);
        }
        byte[] body = new byte[bodyLength];
        in.get(body);
        return new StoredRecord(topic, queueOffset, logOffset, timestamp, keys, body);
    }

    private static String string(ByteBuffer in, short length) {
        if (length < 1) {
            throw new IllegalArgumentException("empty string");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
