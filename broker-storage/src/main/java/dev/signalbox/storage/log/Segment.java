package dev.signalbox.storage.log;

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
 * One CommitLog segment file, named by the 20-digit zero-padded global log offset of its first byte
 * and holding whole records only.
 *
 * <p>Threading: {@link #append}, {@link #truncate} and {@link #delete} are called by the single
 * writer (or by recovery before the store is shared). {@link #read}, {@link #force} and
 * {@link #flushIfDirty} may run on any thread at the same time: positional reads and fsync are
 * thread-safe on a {@link FileChannel}. Owned by the {@link CommitLog}, which closes it.
 */
public final class Segment implements Closeable {

    private final Path file;
    private final long base;
    private final FileChannel channel;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private long size;

    private Segment(Path file, long base, FileChannel channel, long size) {
        this.file = file;
        this.base = base;
        this.channel = channel;
        this.size = size;
    }

    /** Opens the segment file, creating it empty when absent. */
    public static Segment open(Path dir, long base) throws IOException {
        Path file = dir.resolve(fileName(base));
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(file, base, channel, channel.size());
    }

    /** The file name of the segment starting at {@code base}. */
    public static String fileName(long base) {
        return String.format("%020d", base);
    }

    /** The global log offset of the segment's first byte. */
    public long base() {
        return base;
    }

    /** Bytes in the segment; writer thread only. */
    public long size() {
        return size;
    }

    /** The global log offset just past the segment's last byte; writer thread only. */
    public long end() {
        return base + size;
    }

    public Path file() {
        return file;
    }

    /** Appends the buffer's remaining bytes and returns the global log offset they start at. */
    public long append(ByteBuffer bytes) throws IOException {
        long position = size;
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        size = at;
        dirty.set(true);
        return base + position;
    }

    /** Fills {@code dst} from the segment-relative {@code position}; fails at end of file. */
    public void read(ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new EOFException("end of segment " + file.getFileName() + " at " + at);
            }
            at += n;
        }
    }

    /** Cuts the file to {@code newSize} bytes and makes the cut durable. */
    public void truncate(long newSize) throws IOException {
        channel.truncate(newSize);
        channel.force(true);
        size = newSize;
    }

    /** fsyncs the data written so far. */
    public void force() throws IOException {
        dirty.set(false);
        channel.force(false);
    }

    /** fsyncs when something was appended since the last fsync; the background flush uses it. */
    public void flushIfDirty() throws IOException {
        if (dirty.compareAndSet(true, false)) {
            channel.force(false);
        }
    }

    /** Closes and removes the file; the caller fsyncs the directory. */
    public void delete() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
