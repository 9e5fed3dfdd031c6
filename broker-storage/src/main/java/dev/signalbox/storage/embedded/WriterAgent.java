package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.log.RecordDescriptor;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/**
 * The only writer of the CommitLog. It takes one request from the bounded write queue, drains
 * whatever else is waiting, and for each record of each request (a request is one record or a
 * caller's batch) assigns the next queue offset of its (topic, queue) and a
 * store timestamp, seals it with its CRC and copies it into the mapped segment; then hands the
 * batch to {@link PendingAppends}, publishes the new log end and wakes the dispatcher (and the
 * flush agent when a {@code SYNC} append is in the batch: group commit, RocketMQ's
 * {@code GroupCommitService}, the Disruptor's end of batch). It never fsyncs and never touches a
 * queue or the index.
 *
 * <p>A batch that fails half-way (a new segment cannot be created) is rolled back and answers
 * {@code IO_FAILED}; the queue offsets it took are given back.
 *
 * <p>Threading: owns the daemon thread {@code signalbox-commitlog-writer}; {@link #run} returns
 * after it takes {@link AppendRequest#STOP}, with everything before it written and published.
 */
final class WriterAgent implements Runnable {

    static final String THREAD_NAME = "signalbox-commitlog-writer";
    private static final System.Logger LOG = System.getLogger(WriterAgent.class.getName());

    private final BlockingQueue<AppendRequest> requests;
    private final CommitLog log;
    private final PendingAppends pending;
    private final StoreHealth health;
    private final StoreCounters counters;
    private final Map<String, long[]> nextOffsets;
    private DispatchAgent dispatcher;
    private FlushAgent flusher;
    private long lastTimestamp;

    /**
     * @param nextOffsets per topic, the next queue offset of each queue id (index); recovered from
     *     the queues
     */
    WriterAgent(
            BlockingQueue<AppendRequest> requests,
            CommitLog log,
            PendingAppends pending,
            StoreHealth health,
            StoreCounters counters,
            Map<String, long[]> nextOffsets) {
        this.requests = requests;
        this.log = log;
        this.pending = pending;
        this.health = health;
        this.counters = counters;
        this.nextOffsets = new HashMap<>(nextOffsets);
    }

    Thread start(DispatchAgent dispatchAgent, FlushAgent flushAgent) {
        this.dispatcher = dispatchAgent;
        this.flusher = flushAgent;
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
                // strand queued futures, so fail the store and keep draining until close sends STOP.
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
        long bytes = 0;
        int records = 0;
        boolean anySync = false;
        try {
            for (AppendRequest request : batch) {
                bytes += write(request);
                records += request.size();
                anySync |= request.flush == FlushMode.SYNC;
            }
        } catch (IOException e) {
            rollback(batch, mark, e);
            batch.forEach(request -> request.complete(AppendStatus.IO_FAILED));
            return;
        }
        pending.add(batch);
        log.publish();
        counters.appends.add(records);
        counters.appendedBytes.add(bytes);
        dispatcher.wake();
        if (anySync) {
            flusher.wake();
        }
    }

    /** Writes the request's records one after the other; returns the bytes written. */
    private long write(AppendRequest request) throws IOException {
        long bytes = 0;
        for (int i = 0; i < request.size(); i++) {
            String topic = request.topics.get(i);
            int queueId = request.queueIds[i];
            long[] offsets = nextOffsets.get(topic);
            if (offsets == null || offsets.length <= queueId) {
                long[] grown = new long[queueId + 1];
                if (offsets != null) {
                    System.arraycopy(offsets, 0, grown, 0, offsets.length);
                }
                offsets = grown;
                nextOffsets.put(topic, offsets);
            }
            long queueOffset = offsets[queueId];
            // Store timestamps never go backwards, so a segment's newest record is its last one.
            long now = Math.max(System.currentTimeMillis(), lastTimestamp);
            lastTimestamp = now;
            ByteBuffer record = request.records.get(i);
            RecordDescriptor.stamp(record, now, queueOffset);
            int size = record.remaining();
            long logOffset = log.append(record);
            request.logOffsets[i] = logOffset;
            request.queueOffsets[i] = queueOffset;
            request.end = logOffset + size;
            offsets[queueId] = queueOffset + 1;
            bytes += size;
        }
        return bytes;
    }

    private void rollback(List<AppendRequest> batch, CommitLog.Mark mark, IOException cause) {
        LOG.log(Level.WARNING, "append batch failed; rolling the commit log back to its start", cause);
        for (AppendRequest request : batch) {
            for (int i = 0; i < request.size(); i++) {
                if (request.queueOffsets[i] >= 0) {
                    long[] offsets = nextOffsets.get(request.topics.get(i));
                    int queueId = request.queueIds[i];
                    offsets[queueId] = Math.min(offsets[queueId], request.queueOffsets[i]);
                    request.queueOffsets[i] = -1;
                }
            }
        }
        try {
            log.rollback(mark);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            health.fail(cause);
        }
    }
}
