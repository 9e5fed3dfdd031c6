package dev.signalbox.storage.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Makes one ConsumeQueue file match the CommitLog while recovery scans it: each record's expected
 * entry is compared with the file; from the first missing or different entry on, the file is
 * rewritten, and whatever lies past the log's last record is cut. Reads and writes go through buffers, so a healthy queue costs one read per
 * 4096 entries.
 *
 * <p>Threading: single-use, confined to the recovering thread.
 */
final class ConsumeQueueRepair {

    private static final int BATCH_ENTRIES = 4096;

    private final ConsumeQueue queue;
    private final FileChannel channel;
    private final long fileEntries;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(BATCH_ENTRIES * ConsumeQueue.ENTRY_BYTES);
    private final ByteBuffer writeBuffer = ByteBuffer.allocate(BATCH_ENTRIES * ConsumeQueue.ENTRY_BYTES);
    private long readStart = -1;
    private long rewriteFrom = -1;
    private long writePosition;
    private long count;

    ConsumeQueueRepair(ConsumeQueue queue) throws IOException {
        this.queue = queue;
        this.channel = queue.channel();
        this.fileEntries = queue.fileEntries();
        readBuffer.limit(0);
    }

    /** The log holds the topic's record {@code queueOffset} (the next one) at {@code logOffset}. */
    void accept(long queueOffset, long logOffset, int size) throws IOException {
        count = queueOffset + 1;
        if (rewriteFrom < 0 && queueOffset < fileEntries && matches(queueOffset, logOffset, size)) {
            return;
        }
        if (rewriteFrom < 0) {
            rewriteFrom = queueOffset;
            writePosition = queueOffset * ConsumeQueue.ENTRY_BYTES;
        }
        if (!writeBuffer.hasRemaining()) {
            flushWrites();
        }
        writeBuffer.putLong(logOffset).putInt(size);
    }

    private boolean matches(long queueOffset, long logOffset, int size) throws IOException {
        if (readStart < 0 || queueOffset >= readStart + readBuffer.limit() / ConsumeQueue.ENTRY_BYTES) {
            readBuffer.clear();
            long at = queueOffset * ConsumeQueue.ENTRY_BYTES;
            long end = fileEntries * ConsumeQueue.ENTRY_BYTES;
            readBuffer.limit((int) Math.min(readBuffer.capacity(), end - at));
            while (readBuffer.hasRemaining() && channel.read(readBuffer, at + readBuffer.position()) >= 0) {
                // keep reading until the window is full
            }
            readBuffer.flip();
            readStart = queueOffset;
        }
        int index = (int) (queueOffset - readStart) * ConsumeQueue.ENTRY_BYTES;
        return index + ConsumeQueue.ENTRY_BYTES <= readBuffer.limit()
                && readBuffer.getLong(index + ConsumeQueue.LOG_OFFSET_OFFSET) == logOffset
                && readBuffer.getInt(index + ConsumeQueue.SIZE_OFFSET) == size;
    }

    private void flushWrites() throws IOException {
        writeBuffer.flip();
        while (writeBuffer.hasRemaining()) {
            writePosition += channel.write(writeBuffer, writePosition);
        }
        writeBuffer.clear();
    }

    /**
     * Cuts the file to exactly the entries the log holds, fsyncs any change, and readies the queue.
     *
     * @return how many entries were rewritten or removed, for the recovery log
     */
    long finish() throws IOException {
        long changed = 0;
        if (rewriteFrom >= 0) {
            flushWrites();
            changed += count - rewriteFrom;
        }
        long wanted = count * ConsumeQueue.ENTRY_BYTES;
        boolean cut = channel.size() != wanted;
        if (cut) {
            changed += Math.max(0, fileEntries - count);
            channel.truncate(wanted);
        }
        if (rewriteFrom >= 0 || cut) {
            channel.force(true);
        }
        queue.reset(count);
        return changed;
    }
}
