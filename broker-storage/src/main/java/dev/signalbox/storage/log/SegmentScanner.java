package dev.signalbox.storage.log;

import dev.signalbox.storage.StoredRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Walks one segment record by record, verifying magic, length bounds, CRC, structure and the
 * per-topic queue offset sequence, and stops at the first record that fails.
 *
 * <p>Threading: single-use and confined to the recovering thread. Reads through a sliding window so
 * a scan costs one read per window rather than per record.
 */
final class SegmentScanner {

    private static final int WINDOW_BYTES = 1 << 20;

    private final Segment segment;
    private final long fileSize;
    private ByteBuffer window = ByteBuffer.allocate(0);
    private long windowStart;

    /** Where the scan stopped: the bytes that verified, and why it stopped early ("" at the end). */
    record Result(long validLength, long records, String problem) {}

    SegmentScanner(Segment segment) {
        this.segment = segment;
        this.fileSize = segment.size();
    }

    /**
     * Scans the whole segment, handing each verified record to the visitor.
     *
     * @param nextQueueOffsets per topic, the queue offset the next record must carry; updated
     */
    Result scan(Map<String, Long> nextQueueOffsets, RecordVisitor visitor) throws IOException {
        long position = 0;
        long records = 0;
        while (position < fileSize) {
            long logOffset = segment.base() + position;
            long left = fileSize - position;
            String problem = checkPrefix(position, logOffset, left);
            if (!problem.isEmpty()) {
                return new Result(position, records, problem);
            }
            int length = window(position, RecordDescriptor.PREFIX_LENGTH).getInt(RecordDescriptor.LENGTH_OFFSET);
            StoredRecord record;
            try {
                record = RecordDescriptor.decode(window(position, length), logOffset);
            } catch (CorruptRecordException e) {
                return new Result(position, records, e.getMessage());
            }
            long expected = nextQueueOffsets.getOrDefault(record.topic(), 0L);
            if (record.queueOffset() != expected) {
                return new Result(
                        position,
                        records,
                        "queue offset " + record.queueOffset() + " of topic '" + record.topic() + "' at log offset "
                                + logOffset + ", expected " + expected);
            }
            nextQueueOffsets.put(record.topic(), expected + 1);
            visitor.accept(record, length);
            position += length;
            records++;
        }
        return new Result(position, records, "");
    }

    private String checkPrefix(long position, long logOffset, long left) throws IOException {
        if (left < RecordDescriptor.PREFIX_LENGTH) {
            return "torn record header at log offset " + logOffset + ": only " + left + " bytes left in segment "
                    + segment.file().getFileName();
        }
        ByteBuffer prefix = window(position, RecordDescriptor.PREFIX_LENGTH);
        int magic = prefix.getInt(RecordDescriptor.MAGIC_OFFSET);
        if (magic != RecordDescriptor.MAGIC) {
            return String.format("bad magic 0x%08x at log offset %d", magic, logOffset);
        }
        int length = prefix.getInt(RecordDescriptor.LENGTH_OFFSET);
        if (length < RecordDescriptor.MIN_LENGTH) {
            return "bad record length " + length + " at log offset " + logOffset;
        }
        if (length > left) {
            return "torn record at log offset " + logOffset + ": length " + length + " but only " + left
                    + " bytes left in segment " + segment.file().getFileName();
        }
        return "";
    }

    /** A buffer holding [position, position + length) of the segment at indexes [0, length). */
    private ByteBuffer window(long position, int length) throws IOException {
        long windowEnd = windowStart + window.limit();
        if (position < windowStart || position + length > windowEnd) {
            int size = (int) Math.min(Math.max(length, WINDOW_BYTES), fileSize - position);
            if (window.capacity() < size) {
                window = ByteBuffer.allocate(size);
            }
            window.clear().limit(size);
            segment.read(window, position);
            window.flip();
            windowStart = position;
        }
        int from = (int) (position - windowStart);
        return window.duplicate().position(from).limit(from + length).slice();
    }
}
