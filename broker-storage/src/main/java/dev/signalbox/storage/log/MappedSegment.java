package dev.signalbox.storage.log;

import dev.signalbox.storage.file.MappedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One CommitLog segment: a fixed-size, pre-allocated, memory-mapped file named by the 20-digit
 * zero-padded global log offset of its first byte, holding whole records and, when full, an
 * end-of-segment marker (see {@link RecordDescriptor}).
 *
 * <p>Pre-touching. The {@link PreTouchAgent} writes a zero into every page ahead of the writer so
 * the writer's copies find their pages already faulted in. The two never write the same page at
 * once: both claim space by advancing {@code claimed} (a CAS), the agent a chunk at a time, the
 * writer up to the end of the record it is about to copy; {@code touched} tells how far the
 * agent's zeroing is finished. The writer waits only when it catches the agent in the middle of
 * zeroing the chunk it needs, a few microseconds of page faults it would have paid itself.
 *
 * <p>Threading: {@link #put} belongs to the single writer (or recovery), {@link #touchNextChunk}
 * to the pre-touch agent; {@link #read} is safe on any thread; forcing and closing are serialised
 * by {@link MappedFile}. Owned by the {@link CommitLog}.
 */
public final class MappedSegment {

    static final int PAGE = 4096;
    static final int TOUCH_CHUNK = 256 * 1024;

    private final long base;
    private final MappedFile file;
    private final MappedByteBuffer map;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger touched = new AtomicInteger();

    private MappedSegment(long base, MappedFile file) {
        this.base = base;
        this.file = file;
        this.map = file.buffer();
    }

    /** Opens (creating and extending to {@code capacity} when needed) the segment starting at {@code base}. */
    static MappedSegment open(Path dir, long base, int capacity) throws IOException {
        return new MappedSegment(base, MappedFile.open(dir.resolve(fileName(base)), capacity));
    }

    /** The file name of the segment starting at {@code base}. */
    public static String fileName(long base) {
        return String.format("%020d", base);
    }

    public long base() {
        return base;
    }

    public int capacity() {
        return file.capacity();
    }

    /** The global log offset just past the segment's last byte. */
    public long limit() {
        return base + file.capacity();
    }

    public Path path() {
        return file.file();
    }

    /** The mapping, for the agents that follow the log (dispatch, recovery); absolute gets only. */
    ByteBuffer buffer() {
        return map;
    }

    /** Marks {@code [0, position)} as written: pre-touching starts past it. Before sharing only. */
    void startTouchingAt(int position) {
        claimed.set(position);
        touched.set(position);
    }

    /** Copies the record's remaining bytes to segment position {@code at}; writer only. */
    void put(int at, ByteBuffer record) {
        int end = at + record.remaining();
        if (end > touched.get()) {
            claimUpTo(end);
        }
        map.put(at, record, record.position(), record.remaining());
    }

    /** Writes the end-of-segment marker at {@code at}; writer only. */
    void putEndMarker(int at) {
        int left = capacity() - at;
        if (left >= RecordDescriptor.PREFIX_LENGTH) {
            claimUpTo(at + RecordDescriptor.PREFIX_LENGTH);
            map.putInt(at + RecordDescriptor.MAGIC_OFFSET, RecordDescriptor.END_MAGIC);
            map.putInt(at + RecordDescriptor.LENGTH_OFFSET, left);
        }
    }

    /** The writer makes {@code [.., end)} its own, first letting a chunk being zeroed finish. */
    private void claimUpTo(int end) {
        while (true) {
            int current = claimed.get();
            if (current >= end) {
                awaitTouched(end);
                return;
            }
            if (claimed.compareAndSet(current, end)) {
                awaitTouched(current);
                touched.accumulateAndGet(end, Math::max);
                return;
            }
        }
    }

    private void awaitTouched(int position) {
        while (touched.get() < position) {
            LockSupport.parkNanos(1_000);
        }
    }

    /**
     * The pre-touch agent zeroes the next chunk not yet claimed, up to {@code limit}; false when
     * there is nothing left to do below it.
     */
    boolean touchNextChunk(int limit) {
        int from = claimed.get();
        int to = Math.min(Math.min(from + TOUCH_CHUNK, capacity()), limit);
        if (to <= from || !claimed.compareAndSet(from, to)) {
            return false;
        }
        for (int page = (from + PAGE - 1) / PAGE * PAGE; page < to; page += PAGE) {
            map.put(page, (byte) 0);
        }
        touched.accumulateAndGet(to, Math::max);
        return true;
    }

    /** Fills {@code dst} from segment position {@code position}; any thread. */
    public void read(ByteBuffer dst, long position) throws IOException {
        file.read(dst, position);
    }

    /** Hands the pages of segment positions {@code [from, to)}, already forced, back to the kernel. */
    boolean pageOut(int from, int to) {
        return file.pageOut(from, to);
    }

    /** fsyncs segment positions {@code [from, to)}. */
    void force(int from, int to) throws IOException {
        file.force(from, to);
    }

    void close() throws IOException {
        file.close();
    }

    /** Closes and removes the file; the caller fsyncs the directory. */
    void delete() throws IOException {
        file.delete();
    }
}
