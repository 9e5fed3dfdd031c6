package dev.signalbox.storage.log;

import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.file.Directories;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The append-only log shared by every topic: contiguous segment files of at most
 * {@code segmentBytes} each, addressed by global byte offset. A record never spans two segments;
 * when it does not fit the writer rolls to a new segment, after fsyncing the full one, so a
 * durable byte in a segment implies every earlier segment is durable too.
 *
 * <p>Threading: {@link #append}, {@link #mark}, {@link #rollback} and {@link #forceActive} belong to
 * the single writer thread. {@link #read} may be called from any thread at any time;
 * {@link #flushDirty} from the flush thread. Ownership: the store opens it and closes it after the
 * writer and flush threads have stopped.
 */
public final class CommitLog implements Closeable {

    private final Path dir;
    private final int segmentBytes;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final RecoveredLog recovered;
    private Segment active;

    /** What recovery found in the log. */
    public record RecoveredLog(long records, long bytesCut, String reason) {}

    /** A writer-side position to roll back to when a batch fails half-written. */
    public record Mark(long base, long size) {}

    private CommitLog(Path dir, int segmentBytes, LogRecovery.Outcome outcome) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.recovered = new RecoveredLog(outcome.records(), outcome.bytesCut(), outcome.reason());
        for (Segment segment : outcome.segments()) {
            segments.put(segment.base(), segment);
        }
        if (segments.isEmpty()) {
            active = Segment.open(dir, 0);
            segments.put(0L, active);
            Directories.fsync(dir);
        } else {
            active = segments.lastEntry().getValue();
        }
    }

    /**
     * Opens the log in {@code dir}, verifying every record and cutting a torn or corrupt tail.
     *
     * @param visitor receives every record kept, in log order
     */
    public static CommitLog open(Path dir, int segmentBytes, RecordVisitor visitor) throws IOException {
        Files.createDirectories(dir);
        LogRecovery.Outcome outcome = new LogRecovery(dir).run(visitor);
        return new CommitLog(dir, segmentBytes, outcome);
    }

    public RecoveredLog recovered() {
        return recovered;
    }

    /** The global offset where the next record will go (unless it rolls); writer thread only. */
    public long endOffset() {
        return active.end();
    }

    /** Appends one encoded record, rolling first when it does not fit; returns its log offset. */
    public long append(ByteBuffer record) throws IOException {
        if (active.size() > 0 && active.size() + record.remaining() > segmentBytes) {
            roll();
        }
        return active.append(record);
    }

    private void roll() throws IOException {
        active.force();
        Segment next = Segment.open(dir, active.end());
        segments.put(next.base(), next);
        active = next;
        Directories.fsync(dir);
    }

    public Mark mark() {
        return new Mark(active.base(), active.size());
    }

    /** Undoes every append since {@code mark}: deletes segments rolled since and truncates back. */
    public void rollback(Mark mark) throws IOException {
        for (Map.Entry<Long, Segment> later :
                segments.tailMap(mark.base(), false).entrySet()) {
            segments.remove(later.getKey());
            later.getValue().delete();
        }
        active = segments.get(mark.base());
        active.truncate(mark.size());
        Directories.fsync(dir);
    }

    /** fsyncs the segment being written; full segments were fsynced when rolled. Writer thread only. */
    public void forceActive() throws IOException {
        active.force();
    }

    /** fsyncs every segment written since its last fsync. */
    public void flushDirty() throws IOException {
        for (Segment segment : segments.values()) {
            try {
                segment.flushIfDirty();
            } catch (ClosedChannelException e) {
                if (segments.get(segment.base()) == segment) {
                    throw e;
                }
                // deleted by a rollback while this flush ran: nothing left to make durable
            }
        }
    }

    /** Reads and verifies the record of {@code size} bytes at {@code logOffset}. */
    public StoredRecord read(long logOffset, int size) throws IOException {
        Map.Entry<Long, Segment> entry = segments.floorEntry(logOffset);
        if (entry == null || size < RecordDescriptor.MIN_LENGTH) {
            throw new IOException("no record at log offset " + logOffset);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        entry.getValue().read(buffer, logOffset - entry.getKey());
        return RecordDescriptor.decode(buffer.flip(), logOffset);
    }

    /** Reads and verifies the record at {@code logOffset}, learning its size from its header. */
    public StoredRecord read(long logOffset) throws IOException {
        Map.Entry<Long, Segment> entry = segments.floorEntry(logOffset);
        if (entry == null) {
            throw new IOException("no record at log offset " + logOffset);
        }
        ByteBuffer prefix = ByteBuffer.allocate(RecordDescriptor.PREFIX_LENGTH);
        entry.getValue().read(prefix, logOffset - entry.getKey());
        return read(logOffset, prefix.getInt(RecordDescriptor.LENGTH_OFFSET));
    }

    /** Closes every segment file; the caller has stopped the writer and flush threads. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Segment segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
