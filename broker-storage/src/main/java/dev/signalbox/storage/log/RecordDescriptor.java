package dev.signalbox.storage.log;

import dev.signalbox.storage.StoredRecord;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The binary layout of one CommitLog record, written down once. All integers are big-endian.
 *
 * <pre>
 *  0       4       8       12      16              24              32      36              44      46
 *  +-------+-------+-------+-------+---------------+---------------+-------+---------------+-------+-------+
 *  | magic | total | crc32c| flags | bornTimestamp | storeTimestamp|queueId|  queueOffset  | topic | topic |
 *  |       | Length|       |       |    (long)     |    (long)     | (int) |    (long)     |  Len  | UTF-8 |
 *  +-------+-------+-------+-------+---------------+---------------+-------+---------------+-------+-------+
 *  +----------+-------------------------+-----------+-----------------------------------+---------+------+
 *  | keyCount | (keyLen short, key) x n | propCount | (nameLen short, name,             | bodyLen | body |
 *  |  short   |                         |   short   |  valueLen short, value) x m       |   int   |      |
 *  +----------+-------------------------+-----------+-----------------------------------+---------+------+
 *
 *  magic = 0x5B0C0002. totalLength counts every byte of the record, magic included.
 *  crc32c (java.util.zip.CRC32C) covers every byte after the crc field: [12, totalLength).
 *  Strings are UTF-8. flags: bit 0 DELAYED (waiting in the timer topic), bit 1 FROM_TIMER.
 *
 *  End of segment: when the next record does not fit, the writer puts
 *  +-----------+--------------------------------+
 *  | END_MAGIC | length = bytes left in segment |   and the log continues in the next segment.
 *  +-----------+--------------------------------+
 *  A zero magic is unwritten space: the end of the log.
 * </pre>
 *
 * <p>Threading: stateless, safe on any thread; the buffers passed in belong to the caller.
 */
public final class RecordDescriptor {

    /** Marks the start of every record; a zeroed or foreign tail fails here first. */
    public static final int MAGIC = 0x5B0C_0002;
    /** The record format of the walking skeleton, refused with a clear message. */
    public static final int OLD_MAGIC = 0x5B0C_0001;
    /** Marks the unused end of a full segment. */
    public static final int END_MAGIC = 0x5B0C_E0F5;

    public static final int MAGIC_OFFSET = 0;
    public static final int LENGTH_OFFSET = 4;
    public static final int CRC_OFFSET = 8;
    /** The first byte covered by the checksum. */
    public static final int CRC_START = 12;

    public static final int FLAGS_OFFSET = 12;
    public static final int BORN_TIMESTAMP_OFFSET = 16;
    public static final int STORE_TIMESTAMP_OFFSET = 24;
    public static final int QUEUE_ID_OFFSET = 32;
    public static final int QUEUE_OFFSET_OFFSET = 36;
    public static final int TOPIC_LENGTH_OFFSET = 44;
    public static final int TOPIC_OFFSET = 46;

    /** magic + totalLength: what must be readable to know a record's extent (and an end marker's). */
    public static final int PREFIX_LENGTH = 8;

    /** A one-byte topic, no keys, no properties, an empty body. */
    public static final int MIN_LENGTH = TOPIC_OFFSET + 1 + Short.BYTES + Short.BYTES + Integer.BYTES;

    public static final int FLAG_DELAYED = 1;
    public static final int FLAG_FROM_TIMER = 2;

    private RecordDescriptor() {}

    /** The encoded size, as a long so an oversized body cannot overflow. */
    public static long encodedLength(byte[] topic, List<byte[]> keys, List<byte[]> properties, int bodyLength) {
        long length = TOPIC_OFFSET + topic.length + Short.BYTES;
        for (byte[] key : keys) {
            length += Short.BYTES + key.length;
        }
        length += Short.BYTES;
        for (byte[] part : properties) {
            length += Short.BYTES + part.length;
        }
        return length + Integer.BYTES + bodyLength;
    }

    /**
     * Encodes a record whose store timestamp, queue offset and crc are still zero; the writer fills
     * them with {@link #stamp}. The caller has checked the length fits in an int.
     *
     * @param properties names and values alternating, each UTF-8
     */
    public static ByteBuffer encode(
            byte[] topic,
            int queueId,
            int flags,
            long bornTimestamp,
            List<byte[]> keys,
            List<byte[]> properties,
            byte[] body) {
        int length = (int) encodedLength(topic, keys, properties, body.length);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.putInt(MAGIC).putInt(length).putInt(0).putInt(flags);
        buffer.putLong(bornTimestamp).putLong(0L).putInt(queueId).putLong(0L);
        buffer.putShort((short) topic.length).put(topic);
        buffer.putShort((short) keys.size());
        for (byte[] key : keys) {
            buffer.putShort((short) key.length).put(key);
        }
        buffer.putShort((short) (properties.size() / 2));
        for (byte[] part : properties) {
            buffer.putShort((short) part.length).put(part);
        }
        buffer.putInt(body.length).put(body);
        return buffer.flip();
    }

    /** Writes the store timestamp and queue offset into an encoded record, then its crc. */
    public static void stamp(ByteBuffer record, long storeTimestamp, long queueOffset) {
        record.putLong(STORE_TIMESTAMP_OFFSET, storeTimestamp);
        record.putLong(QUEUE_OFFSET_OFFSET, queueOffset);
        record.putInt(CRC_OFFSET, crc(record, 0, record.getInt(LENGTH_OFFSET)));
    }

    /** The crc32c of bytes [12, length) of a record starting at index {@code start} of the buffer. */
    public static int crc(ByteBuffer buffer, int start, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(start + length).position(start + CRC_START));
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
        if (record.getInt(MAGIC_OFFSET) != MAGIC) {
            throw new CorruptRecordException(
                    String.format("bad magic 0x%08x at log offset %d", record.getInt(MAGIC_OFFSET), logOffset));
        }
        if (length < MIN_LENGTH || record.getInt(LENGTH_OFFSET) != length) {
            throw new CorruptRecordException("bad record length at log offset " + logOffset);
        }
        if (record.getInt(CRC_OFFSET) != crc(record, 0, length)) {
            throw new CorruptRecordException("CRC mismatch at log offset " + logOffset);
        }
        try {
            return decodeVerified(record.duplicate().position(QUEUE_ID_OFFSET), record, logOffset);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptRecordException("malformed record at log offset " + logOffset);
        }
    }

    private static StoredRecord decodeVerified(ByteBuffer in, ByteBuffer record, long logOffset)
            throws CorruptRecordException {
        int queueId = in.getInt();
        long queueOffset = in.getLong();
        String topic = string(in, in.getShort());
        int keyCount = in.getShort();
        if (keyCount < 0 || queueOffset < 0 || queueId < 0) {
            throw new CorruptRecordException("malformed record at log offset " + logOffset);
        }
        List<String> keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            keys.add(string(in, in.getShort()));
        }
        int propertyCount = in.getShort();
        if (propertyCount < 0) {
            throw new CorruptRecordException("malformed record at log offset " + logOffset);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < propertyCount; i++) {
            String name = string(in, in.getShort());
            properties.put(name, optionalString(in, in.getShort()));
        }
        int bodyLength = in.getInt();
        if (bodyLength != in.remaining()) {
            throw new CorruptRecordException("body length does not match record length at log offset " + logOffset);
        }
        byte[] body = new byte[bodyLength];
        in.get(body);
        return new StoredRecord(
                topic,
                queueId,
                queueOffset,
                logOffset,
                record.getLong(BORN_TIMESTAMP_OFFSET),
                record.getLong(STORE_TIMESTAMP_OFFSET),
                keys,
                properties,
                body);
    }

    private static String string(ByteBuffer in, short length) {
        if (length < 1) {
            throw new IllegalArgumentException("empty string");
        }
        return optionalString(in, length);
    }

    private static String optionalString(ByteBuffer in, short length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
