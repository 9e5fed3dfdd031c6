package dev.signalbox.storage.file;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A fixed-size file mapped read-write in one piece: the building block of segments, queue files,
 * index files and the timer's files. The file is extended to its full size when created (sparse
 * until written), so its length never changes afterwards and an fsync never waits on a size
 * change.
 *
 * <p>Two ways in. The owning agents (writer, dispatcher, pre-toucher, recovery) use
 * {@link #buffer()} with absolute gets and puts. Every other thread reads through
 * {@link #read(ByteBuffer, long)}, a positional read of the same page cache, so a reader can never
 * touch an unmapped region: if the file is closed under it, it gets a
 * {@link ClosedChannelException}. On Linux and macOS the page cache is shared, so a positional
 * read sees what was put through the mapping.
 *
 * <p>Threading: {@link #force} and {@link #close} are serialised on this object, and a closed file
 * ignores later forces, so the flush agent and retention never race an unmap; {@link #pageOut}
 * and the unmap share a lock of their own for the same reason. The owners of
 * {@link #buffer()} must stop using it before anyone calls {@link #close} (the store's agents stop
 * first, and retention closes only files no agent writes).
 */
public final class MappedFile implements Closeable {

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    private final int capacity;
    private volatile FileChannel readChannel;
    // Written under this object's lock, read under the mapping's by pageOut.
    private volatile boolean closed;
    /** Held by pageOut and by the unmap, so that advice never reaches an address no longer ours. */
    private final Object mapping = new Object();

    private MappedFile(Path file, FileChannel channel, MappedByteBuffer map, int capacity) {
        this.file = file;
        this.channel = channel;
        this.map = map;
        this.capacity = capacity;
    }

    private FileChannel readChannel() throws IOException {
        FileChannel current = readChannel;
        if (current != null && current.isOpen()) {
            return current;
        }
        synchronized (this) {
            if (closed) {
                throw new ClosedChannelException();
            }
            // Opened apart from the writing channel and reopened when an interrupted reader closed
            // it (FileChannel closes itself on interrupt): one reader's interrupt must not break the store.
            if (readChannel == null || !readChannel.isOpen()) {
                readChannel = FileChannel.open(file, StandardOpenOption.READ);
            }
            return readChannel;
        }
    }

    /**
     * Opens {@code file}, creating it when absent, and maps {@code capacity} bytes; a shorter file
     * is extended (with zeros) first. The caller fsyncs the directory after creating a file.
     */
    public static MappedFile open(Path file, int capacity) throws IOException {
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (channel.size() < capacity) {
                // Writing the last byte extends the file without writing the rest (sparse).
                channel.write(ByteBuffer.allocate(1), capacity - 1L);
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, capacity);
            return new MappedFile(file, channel, map, capacity);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The mapping; owners only, with absolute gets and puts (the position is shared). */
    public MappedByteBuffer buffer() {
        return map;
    }

    public Path file() {
        return file;
    }

    public int capacity() {
        return capacity;
    }

    /** The file's length on disk (at least {@link #capacity()}). */
    public long fileSize() throws IOException {
        return channel.size();
    }

    /** Fills {@code dst} from {@code position}; any thread. Fails past the file's end. */
    public void read(ByteBuffer dst, long position) throws IOException {
        FileChannel reader = readChannel();
        long at = position;
        while (dst.hasRemaining()) {
            int n = reader.read(dst, at);
            if (n < 0) {
                throw new EOFException("end of " + file.getFileName() + " at " + at);
            }
            at += n;
        }
    }

    /** Writes {@code [from, to)} of the mapping to the device; a closed file is skipped. */
    public synchronized void force(int from, int to) throws IOException {
        if (closed || to <= from) {
            return;
        }
        map.force(from, to - from);
    }

    /**
     * Hands the pages of {@code [from, to)} back to the kernel (see {@link PageOut}), those this
     * process maps and those only the page cache holds; the bytes stay in the file. For ranges
     * already forced: a dirty page is not reclaimed. Holds its own lock against the unmap in
     * {@link #close}, not this object's, so it never waits for a force.
     */
    public boolean pageOut(int from, int to) {
        synchronized (mapping) {
            if (closed || !PageOut.pageOut(map, from, to)) {
                return false;
            }
            // What this process does not map (an earlier run's pages, readers') goes too.
            PageOut.dropCached(file, from, to);
            return true;
        }
    }

    /** Writes the whole mapping to the device. */
    public void force() throws IOException {
        force(0, capacity);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Unmaps and closes; idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (mapping) {
            Unmapper.unmap(map);
        }
        try {
            channel.close();
        } finally {
            if (readChannel != null) {
                readChannel.close();
            }
        }
    }

    /** Closes and removes the file; the caller fsyncs the directory. */
    public void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }
}
