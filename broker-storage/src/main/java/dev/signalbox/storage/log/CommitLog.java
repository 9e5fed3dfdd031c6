package dev.signalbox.storage.log;

import dev.signalbox.storage.file.Directories;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only log shared by every topic: fixed-size memory-mapped {@link MappedSegment}s
 * addressed by global byte offset. A record never spans two segments; when one does not fit, the
 * writer puts an end-of-segment marker and continues in the next segment, which the
 * {@link PreTouchAgent} has already created and mapped.
 *
 * <p>Three positions move forward: {@link #writtenOffset()} (published by the writer after each
 * batch; every byte below it is a complete record or marker), {@link #flushedOffset()} (fsynced)
 * and, held by the dispatcher, how far the ConsumeQueues and index follow. Flushing goes segment
 * by segment in log order, so a durable byte implies every earlier byte is durable.
 *
 * <p>Threading: {@link #append}, {@link #publish}, {@link #rollback} belong to the single writer;
 * {@link #flushTo} to whichever agent flushes (serialised here); {@link #read}, {@link #minOffset}
 * and the position getters are safe on any thread; {@link #deleteSegment} to retention, which
 * deletes only segments entirely below the flushed and dispatched positions. Owned by the store;
 * closed after every agent has stopped.
 */
public final class CommitLog implements Closeable {

    private final Path dir;
    private final int segmentBytes;
    private final ConcurrentSkipListMap<Long, MappedSegment> segments = new ConcurrentSkipListMap<>();
    private final Object flushLock = new Object();
    private final AtomicLong fsyncs = new AtomicLong();
    private final RecoveredLog recovered;
    private final List<long[]> writtenSinceMark = new ArrayList<>();
    private volatile MappedSegment active;
    private int position;
    private long batchBase;
    private int batchPosition;
    private volatile long written;
    private volatile long flushed;

    /** A writer-side position to roll back to when a batch fails half-written. */
    public record Mark(long base, int position) {}

    private CommitLog(Path dir, int segmentBytes, RecoveredLog outcome) throws IOException {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.recovered = outcome;
        long end = outcome.end();
        for (MappedSegment segment : outcome.segments()) {
            segments.put(segment.base(), segment);
        }
        if (segments.isEmpty()) {
            segments.put(0L, MappedSegment.open(dir, 0, segmentBytes));
            Directories.fsync(dir);
        }
        Map.Entry<Long, MappedSegment> last = segments.floorEntry(end);
        if (last == null) {
            throw new IOException("no segment holds log offset " + end);
        }
        active = last.getValue();
        if (end == active.limit()) {
            active = segmentAt(end);
        }
        position = (int) (end - active.base());
        active.startTouchingAt(position);
        written = end;
        flushed = end;
    }

    /**
     * Opens the log in {@code dir}: see {@link LogRecovery} for what is verified and cut.
     *
     * @param verifyFrom records from the start of the segment holding it are CRC-verified
     * @param exact verify from {@code verifyFrom} itself (it is the end of a cleanly closed log)
     * @param follower receives every verified record, in log order
     */
    public static CommitLog open(
            Path dir, int segmentBytes, int maxRecordBytes, long verifyFrom, boolean exact, LogFollower follower)
            throws IOException {
        Files.createDirectories(dir);
        RecoveredLog outcome = new LogRecovery(dir, segmentBytes, maxRecordBytes).run(verifyFrom, exact, follower);
        return new CommitLog(dir, segmentBytes, outcome);
    }

    /** What recovery found when the log was opened. */
    public RecoveredLog recovered() {
        return recovered;
    }

    public Path dir() {
        return dir;
    }

    /** The lowest log offset held (the first segment's base). */
    public long minOffset() {
        Map.Entry<Long, MappedSegment> first = segments.firstEntry();
        return first == null ? 0 : first.getKey();
    }

    /** Every byte below it is a complete record (or end marker), visible to the followers. */
    public long writtenOffset() {
        return written;
    }

    /** Every byte below it has been fsynced. */
    public long flushedOffset() {
        return flushed;
    }

    /** How many fsyncs (range forces) the log has made. */
    public long fsyncCount() {
        return fsyncs.get();
    }

    /** The global offset where the writer's next record goes (unless it rolls); writer only. */
    public long writePosition() {
        return active.base() + position;
    }

    /** Appends one encoded record, rolling first when it does not fit; returns its log offset. Writer only. */
    public long append(ByteBuffer record) throws IOException {
        int length = record.remaining();
        if (position + length > active.capacity() - RecordDescriptor.PREFIX_LENGTH) {
            noteWritten(segmentStartOfBatch(), position);
            roll();
        }
        long logOffset = active.base() + position;
        active.put(position, record);
        position += length;
        return logOffset;
    }

    private void roll() throws IOException {
        MappedSegment next = segmentAt(active.limit());
        active.putEndMarker(position);
        noteWritten(position, position + RecordDescriptor.PREFIX_LENGTH);
        active = next;
        position = 0;
    }

    private void noteWritten(int from, int to) {
        writtenSinceMark.add(new long[] {active.base(), from, Math.min(to, active.capacity())});
    }

    /** The segment starting at {@code base}, created (and the directory fsynced) when the pre-toucher has not yet. */
    MappedSegment segmentAt(long base) throws IOException {
        synchronized (segments) {
            MappedSegment segment = segments.get(base);
            if (segment == null) {
                segment = MappedSegment.open(dir, base, segmentBytes);
                Directories.fsync(dir);
                segments.put(base, segment);
            }
            return segment;
        }
    }

    /** Where this batch began writing in the active segment: the mark's position, or 0 after a roll. */
    private int segmentStartOfBatch() {
        return writtenSinceMark.isEmpty() && batchBase == active.base() ? batchPosition : 0;
    }

    /** The segment being written, for the pre-toucher. */
    MappedSegment active() {
        return active;
    }

    Optional<MappedSegment> segmentHolding(long logOffset) {
        Map.Entry<Long, MappedSegment> entry = segments.floorEntry(logOffset);
        if (entry == null || logOffset >= entry.getValue().limit()) {
            return Optional.empty();
        }
        return Optional.of(entry.getValue());
    }

    /**
     * Hands the records in {@code [from, to)} (at most {@code maxRecords}) to the follower, in log
     * order, straight from the mapped segments (no CRC check: the writer just wrote them); returns
     * where it stopped. For the one agent that follows the log; {@code to} is at most
     * {@link #writtenOffset()}, so the segments read cannot be deleted meanwhile.
     */
    public long follow(long from, long to, int maxRecords, RecordView view, LogFollower follower) throws IOException {
        long position = from;
        int records = 0;
        while (position < to && records < maxRecords) {
            MappedSegment segment =
                    segmentHolding(position).orElseThrow(() -> new IOException("no segment holds log offset " + from));
            ByteBuffer map = segment.buffer();
            int at = (int) (position - segment.base());
            int magic = map.getInt(at + RecordDescriptor.MAGIC_OFFSET);
            if (magic == RecordDescriptor.END_MAGIC) {
                position = segment.limit();
                continue;
            }
            int length = map.getInt(at + RecordDescriptor.LENGTH_OFFSET);
            if (magic != RecordDescriptor.MAGIC || !view.parse(map, at, length)) {
                throw new IOException("no valid record at log offset " + position);
            }
            String problem = follower.accept(view, position);
            if (!problem.isEmpty()) {
                throw new IOException(problem);
            }
            position += length;
            records++;
        }
        return position;
    }

    /** Makes everything appended so far visible to followers; writer only. */
    public void publish() {
        written = active.base() + position;
    }

    /** Starts a batch: what it writes can be undone with {@link #rollback}; writer only. */
    public Mark mark() {
        writtenSinceMark.clear();
        batchBase = active.base();
        batchPosition = position;
        return new Mark(active.base(), position);
    }

    /**
     * Undoes every unpublished append since {@code mark}: zeroes what was written (so recovery can
     * never mistake it for records) and moves the writer back. Writer only.
     */
    public void rollback(Mark mark) {
        noteWritten(active.base() == mark.base() ? mark.position() : 0, position);
        for (long[] range : writtenSinceMark) {
            MappedSegment segment = segments.get(range[0]);
            int from = (int) range[1];
            int to = (int) range[2];
            if (segment != null && to > from) {
                segment.buffer().put(from, new byte[to - from]);
            }
        }
        writtenSinceMark.clear();
        active = segments.get(mark.base());
        position = mark.position();
    }

    /**
     * fsyncs every byte below {@code upTo} (at most {@link #writtenOffset()}) not yet fsynced, segment
     * by segment in log order; returns the new flushed offset. Serialised: concurrent callers wait.
     */
    public long flushTo(long upTo) throws IOException {
        synchronized (flushLock) {
            long from = flushed;
            if (upTo <= from) {
                return from;
            }
            for (MappedSegment segment :
                    segments.tailMap(segments.floorKey(from), true).values()) {
                if (segment.base() >= upTo) {
                    break;
                }
                int start = (int) Math.max(0, from - segment.base());
                int end = (int) Math.min(segment.capacity(), upTo - segment.base());
                if (end > start) {
                    segment.force(start, end);
                    fsyncs.incrementAndGet();
                }
            }
            flushed = upTo;
            return upTo;
        }
    }

    /** Reads and verifies the record of {@code size} bytes at {@code logOffset}; any thread. */
    public Optional<ByteBuffer> readBytes(long logOffset, int size) throws IOException {
        Optional<MappedSegment> segment = segmentHolding(logOffset);
        if (segment.isEmpty() || size < RecordDescriptor.MIN_LENGTH) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        try {
            segment.get().read(buffer, logOffset - segment.get().base());
        } catch (ClosedChannelException e) {
            return Optional.empty(); // deleted by retention while reading
        }
        return Optional.of(buffer.flip());
    }

    /** The size of the record at {@code logOffset} read from its header, or empty when gone or not a record. */
    public Optional<Integer> recordSize(long logOffset) throws IOException {
        Optional<MappedSegment> segment = segmentHolding(logOffset);
        if (segment.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer prefix = ByteBuffer.allocate(RecordDescriptor.PREFIX_LENGTH);
        try {
            segment.get().read(prefix, logOffset - segment.get().base());
        } catch (ClosedChannelException e) {
            return Optional.empty();
        }
        if (prefix.getInt(RecordDescriptor.MAGIC_OFFSET) != RecordDescriptor.MAGIC) {
            return Optional.empty();
        }
        int length = prefix.getInt(RecordDescriptor.LENGTH_OFFSET);
        long room = segment.get().limit() - logOffset;
        return length >= RecordDescriptor.MIN_LENGTH && length <= room ? Optional.of(length) : Optional.empty();
    }

    /** The store timestamp of the record at {@code logOffset}, or -1 when there is none. Any thread. */
    public long storeTimestampAt(long logOffset) throws IOException {
        Optional<MappedSegment> segment = segmentHolding(logOffset);
        if (segment.isEmpty()) {
            return -1;
        }
        ByteBuffer header = ByteBuffer.allocate(RecordDescriptor.STORE_TIMESTAMP_OFFSET + Long.BYTES);
        try {
            segment.get().read(header, logOffset - segment.get().base());
        } catch (ClosedChannelException e) {
            return -1;
        }
        return header.getInt(RecordDescriptor.MAGIC_OFFSET) == RecordDescriptor.MAGIC
                ? header.getLong(RecordDescriptor.STORE_TIMESTAMP_OFFSET)
                : -1;
    }

    /** The segments, oldest first; a snapshot. */
    public List<MappedSegment> segments() {
        return new ArrayList<>(segments.values());
    }

    /** Retention: removes the oldest segment, which ends at or below {@code safeOffset}; false when none does. */
    public boolean deleteOldest(long safeOffset) throws IOException {
        Map.Entry<Long, MappedSegment> first = segments.firstEntry();
        if (first == null || segments.size() < 2 || first.getValue().limit() > safeOffset) {
            return false;
        }
        MappedSegment segment = first.getValue();
        segments.remove(first.getKey());
        segment.delete();
        Directories.fsync(dir);
        return true;
    }

    /** Closes every segment; the caller has stopped every agent. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (MappedSegment segment : segments.values()) {
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
