package dev.signalbox.storage.embedded;

import dev.signalbox.storage.file.Directories;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store's data directory: its layout, an exclusive lock so two stores never share it, and the
 * {@code abort} marker that tells a clean shutdown from a crash. The marker is created at open and
 * deleted only by a clean close, so finding it at open means the previous run did not close.
 *
 * <pre>
 *  dataDir/
 *    lock                      held (OS file lock) while open
 *    abort                     present while open or after a crash
 *    checkpoint                how far the log is durable and its queues and index follow
 *    commitlog/00000000000000000000 ...   fixed-size mapped segments, named by base log offset
 *    consumequeue/&lt;topic&gt;/&lt;queueId&gt;/&lt;first offset&gt;   20-byte entries
 *    consumequeue/queues       every queue ever created
 *    index/&lt;sequence&gt;          hash index files
 *    timer/log/, timer/wheel, timer/checkpoint
 *    offsets.properties        consumer offsets
 *    topics.properties         per-topic TTLs
 *    docs/&lt;namespace&gt;/&lt;name&gt;.json
 * </pre>
 *
 * <p>Threading: confined to the thread that opens and closes the store.
 */
final class DataDirectory implements Closeable {

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean cleanShutdown;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock, boolean cleanShutdown) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.cleanShutdown = cleanShutdown;
    }

    /** Creates the directory if needed, locks it, and records whether the last run closed cleanly. */
    static DataDirectory acquire(Path root) throws IOException {
        Files.createDirectories(root);
        FileChannel channel =
                FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("the data directory " + root + " is in use by another store");
        }
        try {
            Path abort = root.resolve("abort");
            boolean clean = !Files.exists(abort);
            if (clean) {
                Files.createFile(abort);
            }
            Directories.fsync(root);
            return new DataDirectory(root, channel, lock, clean);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path root() {
        return root;
    }

    Path commitLogDir() {
        return root.resolve("commitlog");
    }

    Path consumeQueueDir() {
        return root.resolve("consumequeue");
    }

    Path indexDir() {
        return root.resolve("index");
    }

    Path timerDir() {
        return root.resolve("timer");
    }

    Path checkpointFile() {
        return root.resolve("checkpoint");
    }

    boolean cleanShutdown() {
        return cleanShutdown;
    }

    /** Deletes the abort marker durably: the next open reports a clean shutdown. */
    void markCleanShutdown() throws IOException {
        Files.deleteIfExists(root.resolve("abort"));
        Directories.fsync(root);
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
