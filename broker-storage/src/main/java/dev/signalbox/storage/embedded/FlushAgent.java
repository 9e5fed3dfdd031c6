package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.agent.AgentThread;
import dev.signalbox.storage.file.CheckpointFile;
import dev.signalbox.storage.index.KeyIndex;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Every fsync of the store, on one thread. Three duties, in order of urgency:
 *
 * <ol>
 *   <li>Group commit: when {@code SYNC} appends wait, fsync the log up to everything written so
 *       far, once for all of them, then answer them. Appends that arrive meanwhile queue up behind
 *       the writer and share the next fsync.
 *   <li>Async flush: every {@code asyncFlushInterval}, fsync what {@code ASYNC} appends wrote.
 *   <li>Checkpoint: every {@code checkpointInterval}, fsync the queues and the index up to what
 *       the dispatcher had followed, then record in the {@code checkpoint} file how far the log is
 *       durable and how far its derived files are. Recovery trusts what lies before it.
 * </ol>
 *
 * <p>A failed fsync stops the store (see {@link StoreHealth}) and answers every waiting append
 * {@code IO_FAILED}.
 *
 * <p>Threading: owns the daemon thread {@code signalbox-flush}, woken by the writer when a batch
 * holds a {@code SYNC} append. {@link #stopAndFlush} makes everything durable and writes the last
 * checkpoint.
 */
final class FlushAgent implements Runnable {

    static final String THREAD_NAME = "signalbox-flush";

    /** Values of the checkpoint file, in order. */
    static final int LOG_FLUSHED = 0;

    static final int DISPATCHED = 1;
    static final int WRITTEN_AT = 2;
    static final int CHECKPOINT_VALUES = 3;

    private final CommitLog log;
    private final ConsumeQueueDirectory queues;
    private final KeyIndex index;
    private final CheckpointFile checkpoint;
    private final PendingAppends pending;
    private final StoreHealth health;
    private final StoreCounters counters;
    private final long asyncNanos;
    private final long checkpointNanos;
    private final Thread thread;
    private DispatchAgent dispatcher;
    private volatile boolean running = true;
    private long checkpointed = -1;

    FlushAgent(
            CommitLog log,
            ConsumeQueueDirectory queues,
            KeyIndex index,
            CheckpointFile checkpoint,
            PendingAppends pending,
            StoreHealth health,
            StoreCounters counters,
            Duration asyncInterval,
            Duration checkpointInterval) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.checkpoint = checkpoint;
        this.pending = pending;
        this.health = health;
        this.counters = counters;
        this.asyncNanos = asyncInterval.toNanos();
        this.checkpointNanos = checkpointInterval.toNanos();
        this.thread = new Thread(this, THREAD_NAME);
        thread.setDaemon(true);
    }

    FlushAgent start(DispatchAgent dispatchAgent) {
        this.dispatcher = dispatchAgent;
        thread.start();
        return this;
    }

    /** A SYNC append was written. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Whether the calling thread is this agent's. */
    boolean isItsThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void run() {
        long nextAsync = System.nanoTime() + asyncNanos;
        long nextCheckpoint = System.nanoTime() + checkpointNanos;
        while (running) {
            try {
                if (health.isFailed()) {
                    LockSupport.parkNanos(this, asyncNanos);
                    continue;
                }
                if (pending.hasSync() && log.writtenOffset() > log.flushedOffset()) {
                    groupCommit();
                    continue;
                }
                long now = System.nanoTime();
                if (now - nextAsync >= 0) {
                    flushLog();
                    nextAsync = now + asyncNanos;
                }
                if (now - nextCheckpoint >= 0) {
                    writeCheckpoint();
                    nextCheckpoint = now + checkpointNanos;
                }
                long wait = Math.min(nextAsync, nextCheckpoint) - System.nanoTime();
                if (wait > 0 && !pending.hasSync()) {
                    LockSupport.parkNanos(this, wait);
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        }
    }

    private void groupCommit() throws IOException {
        long upTo = log.writtenOffset();
        log.flushTo(upTo);
        counters.groupCommits.increment();
        pending.advance(dispatcher.dispatched(), upTo);
    }

    private void flushLog() throws IOException {
        long written = log.writtenOffset();
        if (written > log.flushedOffset()) {
            log.flushTo(written);
            pending.advance(dispatcher.dispatched(), written);
        }
    }

    private void writeCheckpoint() throws IOException {
        long dispatched = dispatcher.dispatched();
        long flushed = log.flushedOffset();
        if (Math.min(dispatched, flushed) == checkpointed) {
            return;
        }
        queues.flush();
        index.flush();
        checkpoint.write(flushed, dispatched, System.currentTimeMillis());
        checkpointed = Math.min(dispatched, flushed);
    }

    private void fail(Exception e) {
        health.fail(e instanceof IOException io ? io : new IOException("flush failed", e));
        pending.failAll(AppendStatus.IO_FAILED);
    }

    /**
     * Stops the thread, then (unless the store failed) fsyncs the log, the queues and the index and
     * writes a checkpoint at the log's end. The writer and the dispatcher have stopped.
     */
    void stopAndFlush() {
        running = false;
        boolean interrupted = AgentThread.stop(thread);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (health.isFailed()) {
            return;
        }
        try {
            flushLog();
            pending.advance(dispatcher.dispatched(), log.flushedOffset());
            writeCheckpoint();
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }
}
