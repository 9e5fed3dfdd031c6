package dev.signalbox.storage.queue;

import dev.signalbox.storage.file.Directories;
import dev.signalbox.storage.file.MappedFile;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One (topic, queue)'s index into the CommitLog: entry {@code n} says where the queue's record
 * with queue offset {@code n} is. Fixed width, so an offset maps to a file position without a
 * search; split into fixed-size mapped files named by their first queue offset, so retention can
 * delete the head.
 *
 * <pre>
 *  0                               8               12                              20
 *  +-------------------------------+---------------+-------------------------------+
 *  |       logOffset (long, BE)    |  size (int)   |         tagHash (long)        |
 *  +-------------------------------+---------------+-------------------------------+
 *  entry n lives in file (n / entriesPerFile) * entriesPerFile, at (n % entriesPerFile) * 20.
 *  size 0 = no entry (never written, trimmed, or before the queue's first record).
 *  tagHash: the hash of the record's "tag" property; for the timer topic, the due time.
 * </pre>
 *
 * <p>Derived data: built by the dispatcher as it follows the log, trimmed and rebuilt from the log
 * by recovery, never needed for durability.
 *
 * <p>Threading: {@link #put} and {@link #publish} belong to the dispatcher (or recovery); readers
 * on any thread call {@link #published}, {@link #minOffset} and {@link #readEntries}; publication
 * is a volatile write after the entries are in place. {@link #flush} runs on the flush agent,
 * {@link #deleteFilesBelow} on retention. Owned by the {@link ConsumeQueueDirectory}.
 */
public final class ConsumeQueue implements Closeable {

    public static final int ENTRY_BYTES = 20;
    public static final int LOG_OFFSET_OFFSET = 0;
    public static final int SIZE_OFFSET = 8;
    public static final int TAG_HASH_OFFSET = 12;

    private static final System.Logger LOG = System.getLogger(ConsumeQueue.class.getName());

    private final QueueKey key;
    private final Path dir;
    private final int entriesPerFile;
    private final ConcurrentSkipListMap<Long, MappedFile> files = new ConcurrentSkipListMap<>();
    private volatile long published;
    private volatile long minOffset;
    private volatile long flushedTo;

    private ConsumeQueue(QueueKey key, Path dir, int entriesPerFile) {
        this.key = key;
        this.dir = dir;
        this.entriesPerFile = entriesPerFile;
    }

    /** Opens the queue's directory, mapping its files and finding its first and next offsets. */
    static ConsumeQueue open(QueueKey key, Path dir, int entriesPerFile) throws IOException {
        Files.createDirectories(dir);
        ConsumeQueue queue = new ConsumeQueue(key, dir, entriesPerFile);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (name.length() == 20 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    long first = Long.parseLong(name);
                    if (first % entriesPerFile == 0 && Files.size(file) == (long) entriesPerFile * ENTRY_BYTES) {
                        queue.files.put(first, MappedFile.open(file, entriesPerFile * ENTRY_BYTES));
                        continue;
                    }
                    // A file of another geometry (the setting changed): the queue is rebuilt from the log.
                    Files.delete(file);
                }
                LOG.log(Level.WARNING, "removed unexpected consume queue file {0}", file);
            }
        }
        queue.findBounds();
        return queue;
    }

    private void findBounds() {
        long next = 0;
        long first = -1;
        for (Map.Entry<Long, MappedFile> entry : files.entrySet()) {
            MappedByteBuffer map = entry.getValue().buffer();
            for (int i = 0; i < entriesPerFile; i++) {
                if (map.getInt(i * ENTRY_BYTES + SIZE_OFFSET) != 0) {
                    if (first < 0) {
                        first = entry.getKey() + i;
                    }
                    next = entry.getKey() + lastEntry(map, i) + 1;
                    break;
                }
            }
        }
        minOffset = first < 0 ? next : first;
        published = next;
        flushedTo = next;
    }

    /** The last non-empty entry of a file whose entries from {@code from} on are a non-empty prefix. */
    private int lastEntry(MappedByteBuffer map, int from) {
        int low = from;
        int high = entriesPerFile - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (map.getInt(middle * ENTRY_BYTES + SIZE_OFFSET) != 0) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    public QueueKey key() {
        return key;
    }

    /** The number of entries readers may see: every offset below it (and from {@link #minOffset}) is readable. */
    public long published() {
        return published;
    }

    /** The lowest queue offset whose entry is held. */
    public long minOffset() {
        return minOffset;
    }

    /** Writes the entry for {@code queueOffset}; dispatcher only. Invisible until {@link #publish}. */
    public void put(long queueOffset, long logOffset, int size, long tagHash) throws IOException {
        MappedByteBuffer map = fileFor(queueOffset).buffer();
        int at = (int) (queueOffset % entriesPerFile) * ENTRY_BYTES;
        map.putLong(at + LOG_OFFSET_OFFSET, logOffset);
        map.putLong(at + TAG_HASH_OFFSET, tagHash);
        map.putInt(at + SIZE_OFFSET, size);
    }

    private MappedFile fileFor(long queueOffset) throws IOException {
        long first = queueOffset - queueOffset % entriesPerFile;
        MappedFile file = files.get(first);
        if (file == null) {
            file = MappedFile.open(dir.resolve(String.format("%020d", first)), entriesPerFile * ENTRY_BYTES);
            Directories.fsync(dir);
            files.put(first, file);
        }
        return file;
    }

    /** Makes every entry below {@code next} visible; dispatcher only. */
    public void publish(long next) {
        published = next;
    }

    /** Recovery: the queue's first record is {@code queueOffset} (a rebuild from a log whose head was deleted). */
    public void startAt(long queueOffset) {
        minOffset = queueOffset;
        published = queueOffset;
    }

    /** The entry at {@code queueOffset} as (logOffset, size), for recovery's checks; empty entries give size 0. */
    public long[] entry(long queueOffset) {
        MappedFile file = files.get(queueOffset - queueOffset % entriesPerFile);
        if (file == null) {
            return new long[] {0, 0};
        }
        int at = (int) (queueOffset % entriesPerFile) * ENTRY_BYTES;
        return new long[] {
            file.buffer().getLong(at + LOG_OFFSET_OFFSET), file.buffer().getInt(at + SIZE_OFFSET)
        };
    }

    /**
     * Recovery: removes every entry whose record starts at or after {@code logOffset} (entries grow
     * with the log, so they are a suffix) and every empty entry among them, and returns how many
     * were removed.
     *
     * <p>Entries before the checkpoint were fsynced and are a prefix. After it, an OS crash can
     * leave a page of entries that never reached the disk (zeros) before pages that did: the kernel
     * writes dirty pages back in no promised order. There the binary search may stop after such a
     * hole, so the walk back takes every entry that is empty or points at or past {@code logOffset}.
     * It goes over at most the entries written since the checkpoint's segment began.
     */
    long trimFrom(long logOffset) {
        long low = minOffset;
        long high = published;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (entry(middle)[0] >= logOffset) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        while (low > minOffset) {
            long[] before = entry(low - 1);
            if (before[1] != 0 && before[0] < logOffset) {
                break;
            }
            low--;
        }
        long removed = published - low;
        for (long at = low; at < published; at++) {
            MappedFile file = files.get(at - at % entriesPerFile);
            if (file != null) {
                file.buffer().put((int) (at % entriesPerFile) * ENTRY_BYTES, new byte[ENTRY_BYTES]);
            }
        }
        published = low;
        flushedTo = Math.min(flushedTo, low);
        if (minOffset > low) {
            minOffset = low;
        }
        return removed;
    }

    /** Recovery: forgets every entry (the queue is rebuilt from the log). */
    public void clear() {
        for (MappedFile file : files.values()) {
            MappedByteBuffer map = file.buffer();
            map.put(0, new byte[map.capacity()]);
        }
        minOffset = 0;
        published = 0;
        flushedTo = 0;
    }

    /**
     * Reads up to {@code count} entries from {@code fromOffset} (kept within
     * {@link #published()}); any thread. Fewer (or none) come back when retention deleted the
     * file holding {@code fromOffset} meanwhile.
     */
    public ByteBuffer readEntries(long fromOffset, int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count * ENTRY_BYTES);
        long at = fromOffset;
        while (buffer.hasRemaining()) {
            MappedFile file = files.get(at - at % entriesPerFile);
            if (file == null) {
                break;
            }
            int inFile = (int) Math.min(entriesPerFile - at % entriesPerFile, buffer.remaining() / ENTRY_BYTES);
            ByteBuffer slice = buffer.slice(buffer.position(), inFile * ENTRY_BYTES);
            try {
                file.read(slice, (at % entriesPerFile) * ENTRY_BYTES);
            } catch (ClosedChannelException e) {
                break;
            }
            buffer.position(buffer.position() + inFile * ENTRY_BYTES);
            at += inFile;
        }
        return buffer.flip();
    }

    /** fsyncs the entries published since the last flush; flush agent. */
    public void flush() throws IOException {
        long from = flushedTo;
        long to = published;
        for (long at = from; at < to; ) {
            long first = at - at % entriesPerFile;
            MappedFile file = files.get(first);
            int end = (int) Math.min(entriesPerFile, to - first);
            if (file != null) {
                file.force((int) (at - first) * ENTRY_BYTES, end * ENTRY_BYTES);
            }
            at = first + end;
        }
        flushedTo = to;
    }

    /**
     * Retention: deletes whole files (never the last one) whose entries all point below
     * {@code logStart}, then moves {@link #minOffset} to the first entry at or above it.
     *
     * @return how many files were deleted
     */
    public int deleteFilesBelow(long logStart) throws IOException {
        int deleted = 0;
        while (files.size() > 1) {
            Map.Entry<Long, MappedFile> head = files.firstEntry();
            long lastOffset = head.getKey() + entriesPerFile - 1;
            if (entry(lastOffset)[0] >= logStart) {
                break;
            }
            files.remove(head.getKey());
            head.getValue().delete();
            deleted++;
        }
        if (deleted > 0) {
            Directories.fsync(dir);
        }
        long low = Math.max(minOffset, files.isEmpty() ? published : files.firstKey());
        long high = published;
        while (low < high) {
            long middle = (low + high) >>> 1;
            long[] e = entry(middle);
            if (e[1] != 0 && e[0] >= logStart) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        if (low > minOffset) {
            minOffset = low;
        }
        return deleted;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (MappedFile file : files.values()) {
            try {
                file.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    void delete() throws IOException {
        close();
        for (MappedFile file : files.values()) {
            Files.deleteIfExists(file.file());
        }
        Files.deleteIfExists(dir);
    }
}
