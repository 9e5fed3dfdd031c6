package dev.signalbox.storage.index;

import dev.signalbox.storage.file.Directories;
import dev.signalbox.storage.log.KeyHash;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The persistent key index: a sequence of {@link IndexFile}s in {@code index/}, named by a
 * 20-digit sequence number, the newest one being filled. Maps (topic, key) to the log offsets of
 * the records appended with that key. A hash can collide, so callers check each candidate record.
 *
 * <p>Threading: {@link #add}, {@link #publish} and {@link #trimFrom} belong to the dispatcher (or
 * recovery); {@link #candidates} is safe on any thread and never sees an entry before it is
 * published; {@link #flush} runs on the flush agent and {@link #deleteFilesBelow} on retention.
 * Owns its files.
 */
public final class KeyIndex implements Closeable {

    private static final System.Logger LOG = System.getLogger(KeyIndex.class.getName());

    private final Path dir;
    private final int slots;
    private final int entries;
    private final ConcurrentSkipListMap<Long, IndexFile> files = new ConcurrentSkipListMap<>();
    private final ConcurrentLinkedQueue<IndexFile> filled = new ConcurrentLinkedQueue<>();
    private volatile IndexFile current;

    /** One match of the index: where a record with the key may be. */
    public record Candidate(long logOffset, int size) {}

    private KeyIndex(Path dir, int slots, int entries) {
        this.dir = dir;
        this.slots = slots;
        this.entries = entries;
    }

    public static KeyIndex open(Path dir, int slots, int entries) throws IOException {
        Files.createDirectories(dir);
        KeyIndex index = new KeyIndex(dir, slots, entries);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (name.length() == 20 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    long sequence = Long.parseLong(name);
                    index.files.put(sequence, IndexFile.open(file, sequence, slots, entries));
                } else {
                    LOG.log(Level.WARNING, "ignoring unexpected file in the index directory: {0}", file);
                }
            }
        }
        index.current = index.files.isEmpty() ? null : index.files.lastEntry().getValue();
        return index;
    }

    /** Indexes one key of the record at {@code logOffset}; dispatcher only, visible after {@link #publish}. */
    public void add(int keyHash, long logOffset, int size, long storeTimestamp) throws IOException {
        IndexFile file = current;
        if (file == null || file.isFull() || !file.fitsTime(storeTimestamp)) {
            file = roll();
        }
        file.add(keyHash, logOffset, size, storeTimestamp);
    }

    private IndexFile roll() throws IOException {
        IndexFile old = current;
        if (old != null) {
            old.publish();
            filled.add(old);
        }
        long sequence = files.isEmpty() ? 0 : files.lastKey() + 1;
        IndexFile file = IndexFile.open(dir.resolve(String.format("%020d", sequence)), sequence, slots, entries);
        Directories.fsync(dir);
        files.put(sequence, file);
        current = file;
        return file;
    }

    /** Makes every entry added so far visible to lookups; dispatcher only. */
    public void publish() {
        IndexFile file = current;
        if (file != null) {
            file.publish();
        }
    }

    /**
     * Where records of {@code topic} with {@code key} stored within {@code [fromMillis, toMillis]}
     * may be, newest first. Hash matches only: the caller reads and checks each.
     */
    public List<Candidate> candidates(String topic, String key, long fromMillis, long toMillis) throws IOException {
        int hash = KeyHash.of(topic, key);
        List<Candidate> found = new ArrayList<>();
        for (IndexFile file : files.descendingMap().values()) {
            if (file.isEmpty() || file.endTimestamp() < fromMillis || file.beginTimestamp() > plusSecond(toMillis)) {
                continue;
            }
            try {
                walk(file, hash, fromMillis, toMillis, found);
            } catch (ClosedChannelException e) {
                // deleted by retention while we read: its records are gone too
            }
        }
        return found;
    }

    private static void walk(IndexFile file, int hash, long fromMillis, long toMillis, List<Candidate> found)
            throws IOException {
        int number = file.readSlot(file.slotOf(hash));
        while (number > 0) {
            if (!awaitPublished(file, number)) {
                return;
            }
            ByteBuffer entry = file.readEntry(number);
            long time = file.beginTimestamp() + 1000L * entry.getInt(16);
            // Seconds in the file, milliseconds in the query: keep a second of slack, callers check exactly.
            if (entry.getInt(0) == hash && time + 1000 >= fromMillis && time <= plusSecond(toMillis)) {
                found.add(new Candidate(entry.getLong(4), entry.getInt(12)));
            }
            int previous = entry.getInt(20);
            number = previous < number ? previous : 0;
        }
    }

    /**
     * A slot can name an entry the dispatcher has written but not yet published: wait briefly for
     * it. False when it stays unpublished (a failed dispatcher): the chain is not followed.
     */
    private static boolean awaitPublished(IndexFile file, int number) {
        long deadline = System.nanoTime() + 100_000_000L;
        while (file.publishedCount() < number) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(10_000);
        }
        return true;
    }

    private static long plusSecond(long millis) {
        return millis > Long.MAX_VALUE - 1000 ? Long.MAX_VALUE : millis + 1000;
    }

    /** Recovery: removes every entry pointing at or past {@code logOffset}; returns how many. */
    public long trimFrom(long logOffset) throws IOException {
        long removed = 0;
        while (!files.isEmpty()) {
            Map.Entry<Long, IndexFile> last = files.lastEntry();
            IndexFile file = last.getValue();
            if (file.publishedCount() > 0 && file.beginLogOffset() < logOffset) {
                removed += file.trimFrom(logOffset);
                break;
            }
            removed += file.publishedCount();
            files.remove(last.getKey());
            file.delete();
        }
        Directories.fsync(dir);
        current = files.isEmpty() ? null : files.lastEntry().getValue();
        return removed;
    }

    /** fsyncs the file being filled, and the one filled before it if not yet. */
    public void flush() throws IOException {
        for (IndexFile previous = filled.poll(); previous != null; previous = filled.poll()) {
            previous.force();
        }
        IndexFile file = current;
        if (file != null) {
            file.force();
        }
    }

    /** Retention: deletes files (never the newest) whose entries all point below {@code logStart}. */
    public int deleteFilesBelow(long logStart) throws IOException {
        int deleted = 0;
        while (files.size() > 1) {
            Map.Entry<Long, IndexFile> first = files.firstEntry();
            if (first.getValue().endLogOffset() >= logStart) {
                break;
            }
            files.remove(first.getKey());
            first.getValue().delete();
            deleted++;
        }
        if (deleted > 0) {
            Directories.fsync(dir);
        }
        return deleted;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (IndexFile file : files.values()) {
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
}
