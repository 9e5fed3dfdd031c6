package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.index.KeyIndex;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.log.RecordDescriptor;
import dev.signalbox.storage.queue.ConsumeQueue;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;

/**
 * The only writer of the CommitLog and the ConsumeQueues. It takes one request from the bounded
 * write queue, drains whatever else is waiting, writes the whole batch, publishes it to readers,
 * completes the ASYNC appends, then fsyncs once for all SYNC appends of the batch (group commit,
 * RocketMQ's {@code GroupCommitService}, the Disruptor's end of batch) and completes them.
 *
 * <p>A write that fails mid-batch is rolled back (log and queues cut back to where the batch
 * started) and the batch answers IO_FAILED; a failed fsync or rollback stops the store (see
 * {@link StoreHealth}).
 *
 * <p>Threading: owns the thread {@code signalbox-commitlog-writer}, a daemon; {@link #run} returns
 * after it takes {@link AppendRequest#STOP}, with everything before it written and fsynced.
 * Completions run on this thread, so callers must hop to their own executor or context.
 */
final class WriterAgent implements Runnable {

    static final String THREAD_NAME = "signalbox-commitlog-writer";

    private static final System.Logger LOG = System.getLogger(WriterAgent.class.getName());

    private final BlockingQueue<AppendRequest> requests;
    private final CommitLog log;
    private final ConsumeQueueDirectory queues;
    private final KeyIndex index;
    private final StoreHealth health;

    WriterAgent(
            BlockingQueue<AppendRequest> requests,
            CommitLog log,
            ConsumeQueueDirectory queues,
            KeyIndex index,
            StoreHealth health) {
        this.requests = requests;
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.health = health;
    }

    Thread start() {
        Thread thread = new Thread(this, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        List<AppendRequest> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(requests.take());
            } catch (InterruptedException e) {
                // Nobody but a misbehaving caller interrupts this private thread. Stopping here would
                // strand queued futures, so fail the store (appends answer IO_FAILED) and keep draining
                // until close sends STOP.
                health.fail(new IOException("the commit log writer was interrupted", e));
                continue;
            }
            requests.drainTo(batch);
            stopping = batch.remove(AppendRequest.STOP);
            if (!batch.isEmpty()) {
                processSafely(batch);
            }
            batch.clear();
        }
        finalFlush();
    }

    private void processSafely(List<AppendRequest> batch) {
        try {
            process(batch);
        } catch (RuntimeException | Error e) {
            health.fail(new IOException("the commit log writer failed unexpectedly", e));
            batch.forEach(request -> request.complete(AppendStatus.IO_FAILED));
        }
    }

    private void process(List<AppendRequest> batch) {
        if (health.isFailed()) {
            batch.forEach(request -> request.complete(AppendStatus.IO_FAILED));
            return;
        }
        CommitLog.Mark mark = log.mark();
        Set<ConsumeQueue> touched = new LinkedHashSet<>();
        try {
            writeAll(batch, touched);
        } catch (IOException e) {
            rollback(mark, touched, e);
            batch.forEach(request -> request.complete(AppendStatus.IO_FAILED));
            return;
        }
        publish(batch, touched);
        boolean anySync = false;
        for (AppendRequest request : batch) {
            if (request.flush == FlushMode.ASYNC) {
                request.complete(AppendStatus.OK);
            } else {
                anySync = true;
            }
        }
        if (anySync) {
            completeSync(batch, fsync(touched));
        }
    }

    private void writeAll(List<AppendRequest> batch, Set<ConsumeQueue> touched) throws IOException {
        for (AppendRequest request : batch) {
            ConsumeQueue queue = queues.getOrCreate(request.topic);
            touched.add(queue);
            long queueOffset = queue.assignNext();
            int size = request.record.remaining();
            RecordDescriptor.stamp(request.record, System.currentTimeMillis(), queueOffset);
            long logOffset = log.append(request.record);
            queue.write(queueOffset, logOffset, size);
            request.queueOffset = queueOffset;
            request.logOffset = logOffset;
        }
    }

    private void publish(List<AppendRequest> batch, Set<ConsumeQueue> touched) {
        for (AppendRequest request : batch) {
            index.add(request.topic, request.keys, request.logOffset);
        }
        for (ConsumeQueue queue : touched) {
            queue.publish();
        }
    }

    private void rollback(CommitLog.Mark mark, Set<ConsumeQueue> touched, IOException cause) {
        LOG.log(Level.WARNING, "append batch failed; rolling the commit log back to its start", cause);
        try {
            log.rollback(mark);
            for (ConsumeQueue queue : touched) {
                queue.rollback();
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            health.fail(cause);
        }
    }

    /** fsyncs the log and the batch's queues; true when it worked. */
    private boolean fsync(Set<ConsumeQueue> touched) {
        try {
            log.forceActive();
            for (ConsumeQueue queue : touched) {
                queue.force();
            }
            return true;
        } catch (IOException e) {
            health.fail(e);
            return false;
        }
    }

    private static void completeSync(List<AppendRequest> batch, boolean durable) {
        for (AppendRequest request : batch) {
            if (request.flush == FlushMode.SYNC) {
                request.complete(durable ? AppendStatus.OK : AppendStatus.IO_FAILED);
            }
        }
    }

    private void finalFlush() {
        if (health.isFailed()) {
            return;
        }
        try {
            log.forceActive();
            log.flushDirty();
            queues.forceAll();
        } catch (IOException e) {
            health.fail(e);
        }
    }
}
