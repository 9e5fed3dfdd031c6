package dev.signalbox.storage.queue;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One topic's queue: entry {@code n} says where the topic's record with queue offset {@code n} is
 * in the CommitLog. Fixed width, so an offset maps to a file position without a search.
 *
 * <pre>
 *  0                               8               12
 *  +-------------------------------+---------------+
 *  |     logOffset (long, BE)      |  size (int)   |   entry n at file position n * 12
 *  +-------------------------------+---------------+
 * </pre>
 *
 * <p>Threading: the writer thread alone calls {@link #assignNext}, {@link #write}, {@link #publish},
 * {@link #rollback} and {@link #force}. Readers on any thread call {@link #published} and
 * {@link #readEntries}; publication is a volatile write made after the entries reach the file, so a
 * reader never sees an offset whose entry is not there. Owned by the {@link ConsumeQueueDirectory}.
 */
public final class ConsumeQueue implements Closeable {

    public static final int ENTRY_BYTES = 12;
    public static final int LOG_OFFSET_OFFSET = 0;
    public static final int SIZE_OFFSET = 8;

    private final String topic;
    private final Path file;
    private final FileChannel channel;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ByteBuffer entry = ByteBuffer.allocate(ENTRY_BYTES);
    private volatile long published;
    private long assigned;

    private ConsumeQueue(String topic, Path file, FileChannel channel) {
        this.topic = topic;
        this.file = file;
        this.channel = channel;
    }

    static ConsumeQueue open(Path dir, String topic) throws IOException {
        Path file = dir.resolve(topic);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new ConsumeQueue(topic, file, channel);
    }

    public String topic() {
        return topic;
    }

    /** The number of records readers may see: every queue offset below it is readable. */
    public long published() {
        return published;
    }

    /** Hands out the next queue offset to a record being written. */
    public long assignNext() {
        return assigned++;
    }

    /** Writes the entry for {@code queueOffset}. */
    public void write(long queueOffset, long logOffset, int size) throws IOException {
        entry.clear().putLong(logOffset).putInt(size).flip();
        long at = queueOffset * ENTRY_BYTES;
        while (entry.hasRemaining()) {
            at += channel.write(entry, at);
        }
        dirty.set(true);
    }

    /** Makes every assigned offset visible to readers. */
    public void publish() {
        published = assigned;
    }

    /** Forgets the offsets assigned since the last {@link #publish} and cuts their entries. */
    public void rollback() throws IOException {
        assigned = published;
        channel.truncate(published * ENTRY_BYTES);
    }

    /** Sets both counters after recovery has made the file hold exactly {@code count} entries. */
    void reset(long count) {
        assigned = count;
        published = count;
    }

    /** Complete entries in the file, whatever has been published. */
    long fileEntries() throws IOException {
        return channel.size() / ENTRY_BYTES;
    }

    FileChannel channel() {
        return channel;
    }

    Path file() {
        return file;
    }

    /**
     * Reads {@code count} entries from {@code fromOffset}; the caller keeps within
     * {@link #published()}. The result holds {@code count * 12} bytes.
     */
    public ByteBuffer readEntries(long fromOffset, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count * ENTRY_BYTES);
        long at = fromOffset * ENTRY_BYTES;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("consume queue " + file + " ends before offset " + (fromOffset + count));
            }
            at += n;
        }
        return buffer.flip();
    }

    /** fsyncs the entries written so far. */
    public void force() throws IOException {
        dirty.set(false);
        channel.force(false);
    }

    /** fsyncs when entries were written since the last fsync. */
    public void flushIfDirty() throws IOException {
        if (dirty.compareAndSet(true, false)) {
            channel.force(false);
        }
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
