package dev.signalbox.storage.timer;

import dev.signalbox.storage.file.Directories;
import dev.signalbox.storage.file.MappedFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The timer's own append-only log: one fixed-width entry per delayed record enqueued (and per
 * record re-enqueued after a trip round the wheel), each linked to the previous entry of the same
 * wheel slot, so a slot's entries are a chain walked from its tail. Split into mapped files of
 * {@code entriesPerFile}, named by the 20-digit number of their first entry; a file goes once every
 * second its entries wait for has passed.
 *
 * <pre>
 *  0               8               16              24              32      36      40
 *  +---------------+---------------+---------------+---------------+-------+-------+
 *  |     prev      |   slotSecond  |   deliverAt   |   logOffset   | size  | flags |
 *  +---------------+---------------+---------------+---------------+-------+-------+
 *  prev = number of the slot's previous entry, -1 = none; slotSecond = the wheel second it waits
 *  in; deliverAt = due time, epoch ms; logOffset, size = the delayed record in the CommitLog;
 *  flags = 1 once written (a zero entry is unwritten space).
 * </pre>
 *
 * <p>Threading: confined to the timer agent's thread (and the opening thread before it starts).
 */
final class TimerLog implements Closeable {

    static final int ENTRY_BYTES = 40;
    static final int WRITTEN = 1;

    /** One entry, as read back. */
    record Entry(long number, long prev, long slotSecond, long deliverAt, long logOffset, int size) {}

    private final Path dir;
    private final int entriesPerFile;
    private final TreeMap<Long, MappedFile> files = new TreeMap<>();
    private final Map<Long, long[]> bounds = new TreeMap<>(); // first -> {maxSlotSecond, minLogOffset}
    private long end;

    private TimerLog(Path dir, int entriesPerFile) {
        this.dir = dir;
        this.entriesPerFile = entriesPerFile;
    }

    /** Opens the files and treats everything from {@code end} on as unwritten (zeroing it). */
    static TimerLog open(Path dir, int entriesPerFile, long end) throws IOException {
        Files.createDirectories(dir);
        TimerLog log = new TimerLog(dir, entriesPerFile);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (name.length() == 20
                        && name.chars().allMatch(c -> c >= '0' && c <= '9')
                        && Long.parseLong(name) % entriesPerFile == 0) {
                    log.files.put(Long.parseLong(name), MappedFile.open(file, entriesPerFile * ENTRY_BYTES));
                } else {
                    Files.delete(file);
                }
            }
        }
        log.end = Math.max(end, log.files.isEmpty() ? 0 : log.files.firstKey());
        log.truncate();
        return log;
    }

    private void truncate() throws IOException {
        for (var iterator = files.entrySet().iterator(); iterator.hasNext(); ) {
            var file = iterator.next();
            if (file.getKey() >= end && file.getKey() > 0 && file.getKey() != firstNumberOf(end)) {
                file.getValue().delete();
                iterator.remove();
            }
        }
        MappedFile last = files.get(firstNumberOf(end));
        if (last != null) {
            int from = (int) (end % entriesPerFile) * ENTRY_BYTES;
            MappedByteBuffer map = last.buffer();
            map.put(from, new byte[map.capacity() - from]);
        }
        for (var file : files.entrySet()) {
            long[] b = {Long.MIN_VALUE, Long.MAX_VALUE};
            long upTo = Math.min(end, file.getKey() + entriesPerFile);
            for (long n = file.getKey(); n < upTo; n++) {
                Entry entry = read(n);
                b[0] = Math.max(b[0], entry.slotSecond());
                b[1] = Math.min(b[1], entry.logOffset());
            }
            bounds.put(file.getKey(), b);
        }
        Directories.fsync(dir);
    }

    private long firstNumberOf(long number) {
        return number - number % entriesPerFile;
    }

    /** The number the next entry gets. */
    long end() {
        return end;
    }

    /** The number of the first entry held. */
    long start() {
        return files.isEmpty() ? end : Math.min(end, files.firstKey());
    }

    /** Appends an entry and returns its number. */
    long append(long prev, long slotSecond, long deliverAt, long logOffset, int size) throws IOException {
        long number = end;
        long first = firstNumberOf(number);
        MappedFile file = files.get(first);
        if (file == null) {
            file = MappedFile.open(dir.resolve(String.format("%020d", first)), entriesPerFile * ENTRY_BYTES);
            Directories.fsync(dir);
            files.put(first, file);
            bounds.put(first, new long[] {Long.MIN_VALUE, Long.MAX_VALUE});
        }
        MappedByteBuffer map = file.buffer();
        int at = (int) (number - first) * ENTRY_BYTES;
        map.putLong(at, prev);
        map.putLong(at + 8, slotSecond);
        map.putLong(at + 16, deliverAt);
        map.putLong(at + 24, logOffset);
        map.putInt(at + 32, size);
        map.putInt(at + 36, WRITTEN);
        long[] b = bounds.get(first);
        b[0] = Math.max(b[0], slotSecond);
        b[1] = Math.min(b[1], logOffset);
        end = number + 1;
        return number;
    }

    Entry read(long number) throws IOException {
        MappedFile file = files.get(firstNumberOf(number));
        if (file == null || number >= end) {
            throw new IOException("timer log entry " + number + " is not held");
        }
        MappedByteBuffer map = file.buffer();
        int at = (int) (number % entriesPerFile) * ENTRY_BYTES;
        return new Entry(
                number,
                map.getLong(at),
                map.getLong(at + 8),
                map.getLong(at + 16),
                map.getLong(at + 24),
                map.getInt(at + 32));
    }

    /** The lowest CommitLog offset an entry still held points at; MAX_VALUE when none. */
    long lowestLogOffset() {
        long lowest = Long.MAX_VALUE;
        for (long[] b : bounds.values()) {
            lowest = Math.min(lowest, b[1]);
        }
        return lowest;
    }

    /** Deletes head files (never the last) whose entries all wait for seconds before {@code second}. */
    void deleteFilesBefore(long second) throws IOException {
        boolean deleted = false;
        while (files.size() > 1) {
            long first = files.firstKey();
            if (bounds.get(first)[0] >= second) {
                break;
            }
            files.remove(first).delete();
            bounds.remove(first);
            deleted = true;
        }
        if (deleted) {
            Directories.fsync(dir);
        }
    }

    /** fsyncs every file. */
    void force() throws IOException {
        for (MappedFile file : files.values()) {
            file.force();
        }
    }

    @Override
    public void close() throws IOException {
        for (MappedFile file : files.values()) {
            file.close();
        }
    }
}
