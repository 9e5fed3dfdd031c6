package dev.signalbox.storage.embedded;

import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background fsync behind {@code ASYNC} appends: every interval, fsyncs the segments and
 * queues written since their last fsync, and does nothing when nothing was written. A failed fsync
 * stops the store (see {@link StoreHealth}).
 *
 * <p>Threading: owns the daemon thread {@code signalbox-flush}; {@link #close} stops it and waits
 * for a flush in progress, so the files may be closed afterwards.
 */
final class FlushAgent implements AutoCloseable {

    static final String THREAD_NAME = "signalbox-flush";

    private final CommitLog log;
    private final ConsumeQueueDirectory queues;
    private final StoreHealth health;
    private final ScheduledExecutorService executor;

    FlushAgent(CommitLog log, ConsumeQueueDirectory queues, StoreHealth health) {
        this.log = log;
        this.queues = queues;
        this.health = health;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        });
    }

    void start(Duration interval) {
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void flush() {
        if (health.isFailed()) {
            return;
        }
        try {
            log.flushDirty();
            queues.flushDirty();
        } catch (IOException e) {
            health.fail(e);
        } catch (RuntimeException e) {
            // Thrown out of a scheduled task it would silently cancel every later flush.
            health.fail(new IOException("background flush failed unexpectedly", e));
        }
    }

    /** Stops the schedule and waits for a running flush to finish. */
    @Override
    public void close() {
        executor.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
