package dev.signalbox.storage.retention;

import dev.signalbox.storage.agent.AgentThread;
import dev.signalbox.storage.index.KeyIndex;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.log.MappedSegment;
import dev.signalbox.storage.queue.ConsumeQueue;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Deletes whole CommitLog segments, oldest first, on its own thread so the ~1 s a large unlink
 * can block never lands on a hot path (RocketMQ's {@code CleanCommitLogService}). A segment goes
 * when its newest record is older than {@code retentionAge}, or while the log is larger than
 * {@code retentionBytes}; then the ConsumeQueue and index files that only point into deleted
 * segments follow. Never deleted: the segment being written, and anything at or above
 * {@code safeOffset} (what is not yet fsynced, dispatched and checkpointed, and what the timer
 * still has to deliver).
 *
 * <p>Threading: owns the daemon thread {@code signalbox-retention}; {@link #runOnce} may also be
 * called by tests on their own thread while the agent is not started. Reads racing a deletion get
 * a clean "gone" (see {@link dev.signalbox.storage.file.MappedFile}).
 */
public final class RetentionAgent implements AutoCloseable {

    static final String THREAD_NAME = "signalbox-retention";
    private static final System.Logger LOG = System.getLogger(RetentionAgent.class.getName());

    private final CommitLog log;
    private final ConsumeQueueDirectory queues;
    private final KeyIndex index;
    private final Duration maxAge;
    private final long maxBytes;
    private final Duration interval;
    private final LongSupplier safeOffset;
    private final LongConsumer deletedSegment;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param safeOffset the log offset below which segments may go
     * @param deletedSegment told the size of each deleted segment
     */
    public RetentionAgent(
            CommitLog log,
            ConsumeQueueDirectory queues,
            KeyIndex index,
            Duration maxAge,
            long maxBytes,
            Duration interval,
            LongSupplier safeOffset,
            LongConsumer deletedSegment) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
        this.interval = interval;
        this.safeOffset = safeOffset;
        this.deletedSegment = deletedSegment;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    public RetentionAgent start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(this, interval.toNanos());
            if (!running) {
                return;
            }
            try {
                runOnce(System.currentTimeMillis());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "retention failed; retrying at the next interval", e);
            }
        }
    }

    /** One pass: deletes what is due at {@code nowMillis}; returns how many segments went. */
    public int runOnce(long nowMillis) throws IOException {
        int deleted = 0;
        while (running) {
            List<MappedSegment> segments = log.segments();
            if (segments.size() < 2 || !isDue(segments, nowMillis)) {
                break;
            }
            MappedSegment oldest = segments.get(0);
            if (!log.deleteOldest(safeOffset.getAsLong())) {
                break;
            }
            deletedSegment.accept(oldest.capacity());
            deleted++;
            LOG.log(Level.INFO, "retention deleted segment {0}", oldest.path().getFileName());
            long start = log.minOffset();
            for (ConsumeQueue queue : queues.all()) {
                queue.deleteFilesBelow(start);
            }
            index.deleteFilesBelow(start);
        }
        return deleted;
    }

    private boolean isDue(List<MappedSegment> segments, long nowMillis) throws IOException {
        long total = 0;
        for (MappedSegment segment : segments) {
            total += segment.capacity();
        }
        if (total > maxBytes) {
            return true;
        }
        // Store timestamps never go backwards: the next segment's first record is newer than all of this one.
        long newer = log.storeTimestampAt(segments.get(1).base());
        return newer >= 0 && newer < nowMillis - maxAge.toMillis();
    }

    @Override
    public void close() {
        running = false;
        boolean interrupted = AgentThread.stop(thread);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
