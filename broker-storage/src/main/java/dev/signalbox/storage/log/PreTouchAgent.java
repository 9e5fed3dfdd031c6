package dev.signalbox.storage.log;

import dev.signalbox.storage.agent.AgentThread;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the CommitLog ahead of its writer, RocketMQ {@code AllocateMappedFileService} style: the
 * next segment is created, extended and mapped before the writer needs it, and the pages within
 * {@code preTouchBytes} ahead of the writer are touched (a zero written into each) so the
 * writer's copies never wait for a page fault. See {@link MappedSegment} for how the agent and the
 * writer share a segment safely. Between touches it keeps the log's {@link ResidentWindow}: the
 * pages far enough behind the writer are handed back to the kernel, to be handed out again to
 * its next touches.
 *
 * <p>Threading: owns the daemon thread {@code signalbox-pretouch}; {@link #close} stops it and
 * waits. A failure here is only logged: the writer creates a missing segment itself and writes
 * to untouched pages, slower but correct.
 */
public final class PreTouchAgent implements AutoCloseable {

    static final String THREAD_NAME = "signalbox-pretouch";
    private static final System.Logger LOG = System.getLogger(PreTouchAgent.class.getName());
    private static final long IDLE_NANOS = 5_000_000;

    private final CommitLog log;
    private final long aheadBytes;
    private final ResidentWindow window;
    private final Thread thread;
    private volatile boolean running = true;

    public PreTouchAgent(CommitLog log, int preTouchBytes, long residentBytes) {
        this.log = log;
        this.aheadBytes = preTouchBytes;
        this.window = new ResidentWindow(log, residentBytes);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    public PreTouchAgent start() {
        thread.start();
        return this;
    }

    private void run() {
        boolean failed = false;
        while (running) {
            try {
                if (!step()) {
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            } catch (IOException | RuntimeException e) {
                if (!failed) {
                    LOG.log(Level.WARNING, "pre-allocating the next segment failed; the writer will do it", e);
                    failed = true;
                }
                LockSupport.parkNanos(IDLE_NANOS * 50);
            }
        }
    }

    /** One unit of work: a chunk touched ahead and one handed back behind; false when there was nothing to do. */
    boolean step() throws IOException {
        // Handed back first: a touch that fails (a full disk) must not stop the window.
        boolean released = window.releaseNextChunk();
        return touchAhead() | released;
    }

    private boolean touchAhead() throws IOException {
        MappedSegment active = log.active();
        MappedSegment next = log.segmentAt(active.limit());
        long target = log.writtenOffset() + aheadBytes;
        if (active.base() < target
                && active.touchNextChunk((int) Math.min(target - active.base(), active.capacity()))) {
            return true;
        }
        return next.base() < target && next.touchNextChunk((int) Math.min(target - next.base(), next.capacity()));
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
