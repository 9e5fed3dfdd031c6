package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.agent.AgentThread;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.log.RecordView;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows the CommitLog behind the writer (RocketMQ's {@code ReputMessageService}): reads each
 * newly written record from the mapped segment and hands it to the {@link Dispatcher}, which
 * writes its ConsumeQueue and index entries, then publishes them and answers the appends that are
 * now readable (and, for {@code SYNC}, fsynced). The writer never touches a queue or the index.
 *
 * <p>Threading: owns the daemon thread {@code signalbox-dispatch}, woken by the writer after each
 * batch. {@link #dispatched()} is safe on any thread. {@link #stopAndDrain} follows the log to what
 * the writer last published, then stops.
 */
final class DispatchAgent implements Runnable {

    static final String THREAD_NAME = "signalbox-dispatch";
    private static final int MAX_BATCH = 4096;

    private final CommitLog log;
    private final Dispatcher dispatcher;
    private final PendingAppends pending;
    private final StoreHealth health;
    private final RecordView view = new RecordView();
    private final Thread thread;
    private volatile long dispatched;
    private volatile boolean stopping;

    DispatchAgent(CommitLog log, Dispatcher dispatcher, PendingAppends pending, StoreHealth health, long from) {
        this.log = log;
        this.dispatcher = dispatcher;
        this.pending = pending;
        this.health = health;
        this.dispatched = from;
        this.thread = new Thread(this, THREAD_NAME);
        thread.setDaemon(true);
    }

    DispatchAgent start() {
        thread.start();
        return this;
    }

    /** Every record below it is in its queue and the index, and readable. */
    long dispatched() {
        return dispatched;
    }

    /** The writer published more of the log. */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Whether the calling thread is this agent's. */
    boolean isItsThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void run() {
        while (true) {
            long written = log.writtenOffset();
            if (dispatched < written && !health.isFailed()) {
                try {
                    dispatchTo(written);
                } catch (IOException | RuntimeException e) {
                    health.fail(e instanceof IOException io ? io : new IOException("dispatch failed", e));
                    pending.failAll(AppendStatus.IO_FAILED);
                }
            } else if (stopping) {
                return;
            } else {
                LockSupport.parkNanos(this, 50_000_000); // the writer wakes it; the timeout is a safety net
            }
        }
    }

    private void dispatchTo(long written) throws IOException {
        long position = log.follow(dispatched, written, MAX_BATCH, view, dispatcher);
        dispatcher.publish();
        dispatched = position;
        pending.advance(position, log.flushedOffset());
    }

    /** Dispatches everything written so far, then stops the thread. */
    void stopAndDrain() {
        stopping = true;
        boolean interrupted = AgentThread.stop(thread);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
