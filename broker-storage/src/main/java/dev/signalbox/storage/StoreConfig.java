package dev.signalbox.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The store's configuration, validated on construction.
 *
 * <p>Threading: immutable value, safe to share. Read once by the composition root and passed to
 * {@link MessageStore#open}; the store never reads the environment.
 *
 * @param dataDir the directory holding every file of the store (created if absent)
 * @param segmentBytes the most bytes one CommitLog segment file holds; a record never spans two
 * @param writeQueueCapacity how many appends may wait for the writer before {@code STORE_BUSY}
 * @param maxRecordBytes the largest encoded record (header, topic, keys and body) accepted
 * @param asyncFlushInterval how often {@code ASYNC} appends are fsynced in the background
 */
public record StoreConfig(
        Path dataDir, int segmentBytes, int writeQueueCapacity, int maxRecordBytes, Duration asyncFlushInterval) {

    /** The smallest segment accepted; real stores use megabytes, tests a few KiB. */
    public static final int MIN_SEGMENT_BYTES = 1024;

    /** The smallest {@link #maxRecordBytes()} accepted: room for a header, a topic and a small body. */
    public static final int MIN_RECORD_BYTES = 64;

    public StoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(asyncFlushInterval, "asyncFlushInterval");
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException(
                    "segmentBytes must be at least " + MIN_SEGMENT_BYTES + ", was " + segmentBytes);
        }
        if (writeQueueCapacity < 1) {
            throw new IllegalArgumentException("writeQueueCapacity must be positive, was " + writeQueueCapacity);
        }
        if (maxRecordBytes < MIN_RECORD_BYTES || maxRecordBytes > segmentBytes) {
            throw new IllegalArgumentException("maxRecordBytes must be between " + MIN_RECORD_BYTES
                    + " and segmentBytes (" + segmentBytes + "), was " + maxRecordBytes);
        }
        if (asyncFlushInterval.toMillis() < 1) {
            throw new IllegalArgumentException("asyncFlushInterval must be at least 1 ms, was " + asyncFlushInterval);
        }
    }

    /** 64 MiB segments, 8192 queued appends, 4 MiB records, an async fsync every 500 ms. */
    public static StoreConfig defaults(Path dataDir) {
        return new StoreConfig(dataDir, 64 << 20, 8192, 4 << 20, Duration.ofMillis(500));
    }
}
