package dev.signalbox.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The store's configuration, validated on construction. Build one with {@link #builder(Path)} (or
 * take {@link #defaults(Path)}); every setting has a production default.
 *
 * <p>Threading: immutable value, safe to share. Read once by the composition root and passed to
 * {@link MessageStore#open}; the store never reads the environment.
 *
 * @param dataDir the directory holding every file of the store (created if absent)
 * @param segmentBytes the size of one CommitLog segment file, fixed and pre-allocated; a record
 *     never spans two
 * @param preTouchBytes how far ahead of the writer the pre-allocation agent writes zeros into the
 *     mapped segments, so the writer finds its pages already faulted in
 * @param residentLogBytes how much of the CommitLog behind the writer stays in memory: older pages,
 *     once fsynced, are handed back to the kernel (Linux; see {@code PageOut}), so that a long run
 *     of appends reuses the same memory instead of taking fresh pages; 0 leaves them all to the
 *     kernel. Reads behind it come from the file
 * @param writeQueueCapacity how many appends may wait for the writer before {@code STORE_BUSY}
 * @param maxRecordBytes the largest encoded record (header, topic, keys, properties and body)
 * @param asyncFlushInterval how often {@code ASYNC} appends are fsynced in the background
 * @param checkpointInterval how often the checkpoint (what recovery may trust) is advanced
 * @param queueFileEntries entries per ConsumeQueue file (20 bytes each)
 * @param indexSlots hash slots per index file
 * @param indexEntries entries per index file (24 bytes each); a full file is followed by a new one
 * @param retentionAge segments whose newest record is older than this are deleted
 * @param retentionBytes the CommitLog is kept under this many bytes by deleting its oldest segments
 * @param retentionCheckInterval how often retention looks for segments to delete
 * @param timerWheelSeconds the span of the timer wheel, one slot a second; a longer delay goes round
 *     the wheel more than once
 * @param timerLogFileEntries entries per timer log file (40 bytes each)
 */
public record StoreConfig(
        Path dataDir,
        int segmentBytes,
        int preTouchBytes,
        long residentLogBytes,
        int writeQueueCapacity,
        int maxRecordBytes,
        Duration asyncFlushInterval,
        Duration checkpointInterval,
        int queueFileEntries,
        int indexSlots,
        int indexEntries,
        Duration retentionAge,
        long retentionBytes,
        Duration retentionCheckInterval,
        int timerWheelSeconds,
        int timerLogFileEntries) {

    /** The smallest segment accepted; real stores use 1 GiB, tests a few KiB. */
    public static final int MIN_SEGMENT_BYTES = 1024;

    /** The largest segment: one mapping, indexed by an int. */
    public static final int MAX_SEGMENT_BYTES = 1 << 30;

    /** The smallest {@link #maxRecordBytes()} accepted: room for a header, a topic and a small body. */
    public static final int MIN_RECORD_BYTES = 64;

    /** Bytes kept free at the end of every segment for the end-of-segment marker. */
    public static final int SEGMENT_TRAILER_BYTES = 8;

    public StoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(asyncFlushInterval, "asyncFlushInterval");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(retentionAge, "retentionAge");
        Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
        between("segmentBytes", segmentBytes, MIN_SEGMENT_BYTES, MAX_SEGMENT_BYTES);
        between("preTouchBytes", preTouchBytes, 0, Integer.MAX_VALUE);
        between("residentLogBytes", residentLogBytes, 0, Long.MAX_VALUE);
        between("writeQueueCapacity", writeQueueCapacity, 1, Integer.MAX_VALUE);
        between("maxRecordBytes", maxRecordBytes, MIN_RECORD_BYTES, segmentBytes - SEGMENT_TRAILER_BYTES);
        between("queueFileEntries", queueFileEntries, 16, (Integer.MAX_VALUE - 64) / 20);
        between("indexSlots", indexSlots, 16, 1 << 26);
        between("indexEntries", indexEntries, 16, (Integer.MAX_VALUE - 64 - 4 * indexSlots) / 24);
        between("timerWheelSeconds", timerWheelSeconds, 16, 1 << 24);
        between("timerLogFileEntries", timerLogFileEntries, 16, (Integer.MAX_VALUE - 64) / 40);
        positive("asyncFlushInterval", asyncFlushInterval);
        positive("checkpointInterval", checkpointInterval);
        positive("retentionAge", retentionAge);
        positive("retentionCheckInterval", retentionCheckInterval);
        if (retentionBytes < segmentBytes) {
            throw new IllegalArgumentException(
                    "retentionBytes must be at least one segment (" + segmentBytes + "), was " + retentionBytes);
        }
    }

    private static void between(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
        }
    }

    /**
     * 1 GiB segments touched 16 MiB ahead, the newest 1 GiB of log kept in memory, 8192 queued
     * appends, 4 MiB records, an async fsync every 500 ms and a checkpoint every second, 7 days of
     * retention with no size cap, a 7-day timer wheel.
     */
    public static StoreConfig defaults(Path dataDir) {
        return builder(dataDir).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** This configuration with a different data directory. */
    public StoreConfig withDataDir(Path other) {
        return toBuilder().dataDir(other).build();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(dataDir);
        b.segmentBytes = segmentBytes;
        b.preTouchBytes = preTouchBytes;
        b.residentLogBytes = residentLogBytes;
        b.writeQueueCapacity = writeQueueCapacity;
        b.maxRecordBytes = maxRecordBytes;
        b.maxRecordChosen = true;
        b.asyncFlushInterval = asyncFlushInterval;
        b.checkpointInterval = checkpointInterval;
        b.queueFileEntries = queueFileEntries;
        b.indexSlots = indexSlots;
        b.indexEntries = indexEntries;
        b.retentionAge = retentionAge;
        b.retentionBytes = retentionBytes;
        b.retentionCheckInterval = retentionCheckInterval;
        b.timerWheelSeconds = timerWheelSeconds;
        b.timerLogFileEntries = timerLogFileEntries;
        return b;
    }

    /**
     * Collects settings for a {@link StoreConfig}; {@link #build} validates them.
     *
     * <p>Threading: not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private Path dataDir;
        private int segmentBytes = MAX_SEGMENT_BYTES;
        private int preTouchBytes = 16 << 20;
        private long residentLogBytes = 1L << 30;
        private int writeQueueCapacity = 8192;
        private int maxRecordBytes = 4 << 20;
        private boolean maxRecordChosen;
        private Duration asyncFlushInterval = Duration.ofMillis(500);
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private int queueFileEntries = 1_000_000;
        private int indexSlots = 1 << 20;
        private int indexEntries = 4_000_000;
        private Duration retentionAge = Duration.ofDays(7);
        private long retentionBytes = Long.MAX_VALUE;
        private Duration retentionCheckInterval = Duration.ofSeconds(10);
        private int timerWheelSeconds = 7 * 24 * 3600;
        private int timerLogFileEntries = 1 << 20;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder segmentBytes(int value) {
            segmentBytes = value;
            return this;
        }

        public Builder preTouchBytes(int value) {
            preTouchBytes = value;
            return this;
        }

        public Builder residentLogBytes(long value) {
            residentLogBytes = value;
            return this;
        }

        public Builder writeQueueCapacity(int value) {
            writeQueueCapacity = value;
            return this;
        }

        public Builder maxRecordBytes(int value) {
            maxRecordBytes = value;
            maxRecordChosen = true;
            return this;
        }

        public Builder asyncFlushInterval(Duration value) {
            asyncFlushInterval = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        public Builder queueFileEntries(int value) {
            queueFileEntries = value;
            return this;
        }

        public Builder indexSlots(int value) {
            indexSlots = value;
            return this;
        }

        public Builder indexEntries(int value) {
            indexEntries = value;
            return this;
        }

        public Builder retentionAge(Duration value) {
            retentionAge = value;
            return this;
        }

        public Builder retentionBytes(long value) {
            retentionBytes = value;
            return this;
        }

        public Builder retentionCheckInterval(Duration value) {
            retentionCheckInterval = value;
            return this;
        }

        public Builder timerWheelSeconds(int value) {
            timerWheelSeconds = value;
            return this;
        }

        public Builder timerLogFileEntries(int value) {
            timerLogFileEntries = value;
            return this;
        }

        /** The validated configuration; throws {@link IllegalArgumentException} naming a bad setting. */
        public StoreConfig build() {
            // Small segments (tests) get a maxRecordBytes that fits unless one was chosen.
            int maxRecord =
                    maxRecordChosen ? maxRecordBytes : Math.min(maxRecordBytes, segmentBytes - SEGMENT_TRAILER_BYTES);
            return new StoreConfig(
                    dataDir,
                    segmentBytes,
                    preTouchBytes,
                    residentLogBytes,
                    writeQueueCapacity,
                    maxRecord,
                    asyncFlushInterval,
                    checkpointInterval,
                    queueFileEntries,
                    indexSlots,
                    indexEntries,
                    retentionAge,
                    retentionBytes,
                    retentionCheckInterval,
                    timerWheelSeconds,
                    timerLogFileEntries);
        }
    }
}
