package dev.signalbox.benchmarks.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The anchor for appends: the same bytes copied sequentially into memory-mapped files of the
 * store's segment size, nothing else (no queue, no CRC, no index). A full file is replaced by a
 * fresh one; the old one is deleted on another thread, as the store's retention would.
 *
 * <p>After {@link #prepareTouched} (called between iterations, not measured) the log writes round
 * and round one file whose pages were all touched beforehand: the upper bound, a plain memory
 * copy. Otherwise every file is fresh and the writing thread pays its page faults, as a naive log
 * would. Threading: one writing thread.
 */
final class RawMappedLog implements AutoCloseable {

    private final Path dir;
    private final int fileBytes;
    private final ExecutorService deleter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "raw-deleter");
        t.setDaemon(true);
        return t;
    });
    private MappedByteBuffer map;
    private Path file;
    private int position;
    private int files;
    private boolean wrap;

    RawMappedLog(Path dir, int fileBytes) throws IOException {
        this.dir = dir;
        this.fileBytes = fileBytes;
        next(false);
    }

    /** Writes the record's bytes at the end, moving to a fresh file when it does not fit. */
    void append(ByteBuffer record) throws IOException {
        int length = record.remaining();
        if (position + length > fileBytes) {
            if (wrap) {
                position = 0; // stay on pages already faulted in: the memory-copy bound
            } else {
                next(false);
            }
        }
        map.put(position, record, record.position(), length);
        position += length;
    }

    /**
     * Starts a fresh file whose pages are all touched now (not measured when called from a setup);
     * from then on the log goes round in that file instead of moving on.
     */
    void prepareTouched() throws IOException {
        next(true);
        wrap = true;
    }

    private void next(boolean touch) throws IOException {
        Path old = file;
        file = dir.resolve("raw-" + files++);
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileBytes);
        }
        if (touch) {
            for (int page = 0; page < fileBytes; page += 4096) {
                map.put(page, (byte) 0);
            }
        }
        position = 0;
        if (old != null) {
            deleter.execute(() -> {
                try {
                    Files.deleteIfExists(old);
                } catch (IOException e) {
                    // scratch space; the benchmark's teardown removes the directory
                }
            });
        }
    }

    @Override
    public void close() throws InterruptedException {
        deleter.shutdown();
        deleter.awaitTermination(1, TimeUnit.MINUTES);
    }
}
