package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.ConsumerOffsets;
import dev.signalbox.storage.DocumentStore;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.ReadResult;
import dev.signalbox.storage.RecoveryReport;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.StoreStats;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.log.PreTouchAgent;
import dev.signalbox.storage.queue.ConsumeQueue;
import dev.signalbox.storage.retention.RetentionAgent;
import dev.signalbox.storage.timer.TimerAgent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded {@link MessageStore}: recovers the data directory ({@link StoreRecovery}), then runs
 * its agents, each on its own thread: the {@link WriterAgent} (the only log writer), the
 * {@link DispatchAgent} (queues and index), the {@link FlushAgent} (group commit, async flush,
 * checkpoint), the {@link PreTouchAgent} (next segment, touched pages), the
 * {@link RetentionAgent} and the {@link TimerAgent}. Reads go through the {@link Reader}.
 *
 * <p>Threading: thread-safe, as {@link MessageStore} promises. Appends take the shared side of a
 * read-write gate only long enough to enqueue ({@code tryLock}, so they never wait), and close takes
 * the exclusive side to flip to closed: after that no request can slip into the queue behind the
 * writer's stop marker. Ownership: owns every file and thread of the store until {@link #close}.
 */
public final class EmbeddedMessageStore implements MessageStore {

    private static final System.Logger LOG = System.getLogger(EmbeddedMessageStore.class.getName());

    private final StoreConfig config;
    private final StoreFiles files;
    private final StoreHealth health = new StoreHealth();
    private final StoreCounters counters = new StoreCounters();
    private final PendingAppends pending = new PendingAppends(counters);
    private final BlockingQueue<AppendRequest> requests;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final RecordEncoder encoder;
    private final Reader reader;
    private final DispatchAgent dispatchAgent;
    private final FlushAgent flushAgent;
    private final PreTouchAgent preTouchAgent;
    private final Thread writer;
    private final TimerAgent timerAgent;
    private final RetentionAgent retentionAgent;
    private boolean closed;

    private EmbeddedMessageStore(StoreConfig config, StoreFiles files) throws IOException {
        this.config = config;
        this.files = files;
        this.requests = new ArrayBlockingQueue<>(config.writeQueueCapacity());
        this.encoder = new RecordEncoder(config.maxRecordBytes());
        this.reader = new Reader(files.log(), files.queues(), files.index(), files.ttls());
        this.dispatchAgent = new DispatchAgent(
                files.log(), files.dispatcher(), pending, health, files.log().writtenOffset());
        this.flushAgent = new FlushAgent(
                files.log(),
                files.queues(),
                files.index(),
                files.checkpoint(),
                pending,
                health,
                counters,
                config.asyncFlushInterval(),
                config.checkpointInterval());
        WriterAgent writerAgent = new WriterAgent(requests, files.log(), pending, health, counters, nextOffsets(files));
        this.preTouchAgent = new PreTouchAgent(files.log(), config.preTouchBytes(), config.residentLogBytes()).start();
        dispatchAgent.start();
        flushAgent.start(dispatchAgent);
        this.writer = writerAgent.start(dispatchAgent, flushAgent);
        this.timerAgent = TimerAgent.open(
                        files.data().timerDir(),
                        config.timerWheelSeconds(),
                        config.timerLogFileEntries(),
                        files.report().cleanShutdown(),
                        files.queues(),
                        files.log(),
                        this::deliverDue)
                .start();
        this.retentionAgent = new RetentionAgent(
                        files.log(),
                        files.queues(),
                        files.index(),
                        config.retentionAge(),
                        config.retentionBytes(),
                        config.retentionCheckInterval(),
                        this::retentionSafeOffset,
                        bytes -> counters.segmentsDeleted.increment())
                .start();
    }

    private static Map<String, long[]> nextOffsets(StoreFiles files) {
        Map<String, long[]> next = new HashMap<>();
        for (ConsumeQueue queue : files.queues().all()) {
            long[] offsets = next.get(queue.key().topic());
            int id = queue.key().queueId();
            if (offsets == null || offsets.length <= id) {
                long[] grown = new long[id + 1];
                if (offsets != null) {
                    System.arraycopy(offsets, 0, grown, 0, offsets.length);
                }
                offsets = grown;
                next.put(queue.key().topic(), offsets);
            }
            offsets[id] = queue.published();
        }
        return next;
    }

    /** Opens, recovers and starts the store; see {@link MessageStore#open}. */
    public static EmbeddedMessageStore open(StoreConfig config) throws IOException {
        StoreFiles files = StoreRecovery.recover(config);
        RecoveryReport report = files.report();
        LOG.log(
                Level.INFO,
                "store {0} opened in {1} ms: {2} records held, {3} verified from log offset {4}, {5} bytes cut{6},"
                        + " {7} queues rebuilt, clean shutdown {8}",
                config.dataDir(),
                String.valueOf(report.millis()),
                String.valueOf(report.recordsRecovered()),
                String.valueOf(report.recordsVerified()),
                String.valueOf(report.verifiedFrom()),
                String.valueOf(report.bytesTruncated()),
                report.truncatedReason().isEmpty() ? "" : " (" + report.truncatedReason() + ")",
                String.valueOf(report.queuesRebuilt()),
                report.cleanShutdown());
        try {
            return new EmbeddedMessageStore(config, files);
        } catch (IOException | RuntimeException e) {
            files.close(new StoreHealth());
            throw e;
        }
    }

    @Override
    public RecoveryReport recoveryReport() {
        return files.report();
    }

    @Override
    public CompletionStage<AppendResult> append(NewRecord record, FlushMode flush) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(flush, "flush");
        Optional<RecordEncoder.Encoded> encoded = encoder.encode(record, System.currentTimeMillis());
        return encoded.isPresent() ? first(enqueue(encoded.get().request(flush))) : rejected(AppendStatus.TOO_LARGE);
    }

    @Override
    public CompletionStage<List<AppendResult>> appendBatch(List<NewRecord> records, FlushMode flush) {
        Objects.requireNonNull(flush, "flush");
        long now = System.currentTimeMillis();
        int count = records.size();
        // Encode every record first, so a bad name fails the whole call before anything is queued.
        List<String> topics = new ArrayList<>(count);
        int[] queueIds = new int[count];
        List<ByteBuffer> bytes = new ArrayList<>(count);
        int[] slots = new int[count]; // request position -> caller position
        for (int i = 0; i < count; i++) {
            Optional<RecordEncoder.Encoded> encoded =
                    encoder.encode(Objects.requireNonNull(records.get(i), "record"), now);
            if (encoded.isPresent()) {
                slots[bytes.size()] = i;
                queueIds[bytes.size()] = encoded.get().queueId();
                topics.add(encoded.get().topic());
                bytes.add(encoded.get().bytes());
            }
        }
        if (bytes.size() == count && count > 0) {
            return enqueue(new AppendRequest(topics, queueIds, bytes, flush));
        }
        CompletionStage<List<AppendResult>> written = bytes.isEmpty()
                ? CompletableFuture.completedStage(List.of())
                : enqueue(new AppendRequest(topics, Arrays.copyOf(queueIds, bytes.size()), bytes, flush));
        int held = bytes.size();
        return written.thenApply(results -> {
            List<AppendResult> all =
                    new ArrayList<>(Collections.nCopies(count, new AppendResult(AppendStatus.TOO_LARGE, -1, -1)));
            for (int j = 0; j < held; j++) {
                all.set(slots[j], results.get(j));
            }
            return all;
        });
    }

    /** The timer's way in: a due record goes to its real topic (refused once closing; delivered after restart). */
    private CompletionStage<AppendResult> deliverDue(StoredRecord delayed, long timerOrigin) {
        Optional<RecordEncoder.Encoded> encoded = encoder.delivery(delayed, timerOrigin);
        if (encoded.isEmpty()) {
            return rejected(AppendStatus.TOO_LARGE);
        }
        return first(enqueue(encoded.get().request(FlushMode.SYNC)));
    }

    private static CompletionStage<AppendResult> first(CompletionStage<List<AppendResult>> results) {
        return results.thenApply(list -> list.get(0));
    }

    private CompletionStage<List<AppendResult>> enqueue(AppendRequest request) {
        ReentrantReadWriteLock.ReadLock shared = gate.readLock();
        if (!shared.tryLock()) {
            return rejectedAll(request, AppendStatus.CLOSED);
        }
        try {
            if (closed) {
                return rejectedAll(request, AppendStatus.CLOSED);
            }
            if (health.isFailed()) {
                return rejectedAll(request, AppendStatus.IO_FAILED);
            }
            if (!requests.offer(request)) {
                counters.storeBusy.increment();
                return rejectedAll(request, AppendStatus.STORE_BUSY);
            }
            return request.result.minimalCompletionStage();
        } finally {
            shared.unlock();
        }
    }

    private static CompletionStage<List<AppendResult>> rejectedAll(AppendRequest request, AppendStatus status) {
        request.complete(status);
        return request.result.minimalCompletionStage();
    }

    private static CompletionStage<AppendResult> rejected(AppendStatus status) {
        return CompletableFuture.completedStage(new AppendResult(status, -1, -1));
    }

    /** Below it, segments are fsynced, dispatched and no longer needed by the timer. */
    private long retentionSafeOffset() {
        return Math.min(
                Math.min(files.log().flushedOffset(), dispatchAgent.dispatched()), timerAgent.lowestNeededLogOffset());
    }

    @Override
    public long nextOffset(String topic, int queueId) {
        StoreNames.requireName("topic", topic);
        return reader.nextOffset(topic, queueId);
    }

    @Override
    public long earliestOffset(String topic, int queueId) throws IOException {
        StoreNames.requireName("topic", topic);
        return reader.earliestOffset(topic, queueId);
    }

    @Override
    public ReadResult fetch(String topic, int queueId, long fromOffset, int maxRecords) throws IOException {
        StoreNames.requireName("topic", topic);
        if (fromOffset < 0 || maxRecords < 1) {
            throw new IllegalArgumentException(
                    "fromOffset must be >= 0 and maxRecords >= 1, were " + fromOffset + " and " + maxRecords);
        }
        return reader.fetch(topic, queueId, fromOffset, maxRecords);
    }

    @Override
    public List<StoredRecord> lookup(String topic, String key, long fromMillis, long toMillis) throws IOException {
        StoreNames.requireName("topic", topic);
        StoreNames.requireKey(key);
        return reader.lookup(topic, key, fromMillis, toMillis);
    }

    @Override
    public void setTopicTtl(String topic, Optional<Duration> ttl) throws IOException {
        files.ttls().set(topic, ttl);
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(
                counters.appends.sum(),
                counters.appendedBytes.sum(),
                counters.storeBusy.sum(),
                counters.syncAppends.sum(),
                counters.groupCommits.sum(),
                files.log().fsyncCount(),
                counters.segmentsDeleted.sum(),
                timerAgent.delivered(),
                files.log().minOffset(),
                files.log().writtenOffset(),
                // The queue's size is one lock-protected read: cheap enough for a scrape.
                requests.size(),
                config.writeQueueCapacity());
    }

    @Override
    public ConsumerOffsets offsets() {
        return files.offsets();
    }

    @Override
    public DocumentStore documents() {
        return files.documents();
    }

    @Override
    public void close() throws IOException {
        if (Thread.currentThread() == writer || dispatchAgent.isItsThread() || flushAgent.isItsThread()) {
            // Completions run on these threads; closing from one would wait for itself forever.
            throw new IllegalStateException("close() called from an append callback on a store thread");
        }
        gate.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
        IOException timerFailure = null;
        try {
            timerAgent.close();
        } catch (IOException e) {
            timerFailure = e;
        }
        retentionAgent.close();
        stopWriter();
        dispatchAgent.stopAndDrain();
        flushAgent.stopAndFlush();
        preTouchAgent.close();
        pending.failAll(AppendStatus.CLOSED);
        files.close(timerFailure == null ? health : failed(timerFailure));
        Optional<IOException> failure = health.failure();
        if (failure.isPresent()) {
            throw new IOException("the store closed after a storage failure; not marked clean", failure.get());
        }
        if (timerFailure != null) {
            throw timerFailure;
        }
        LOG.log(Level.INFO, "store {0} closed cleanly", config.dataDir());
    }

    private static StoreHealth failed(IOException cause) {
        StoreHealth failed = new StoreHealth();
        failed.fail(cause);
        return failed;
    }

    /** Queues the stop marker behind every accepted append and waits for the writer to finish. */
    private void stopWriter() {
        boolean interrupted = false;
        while (true) {
            try {
                requests.put(AppendRequest.STOP);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
