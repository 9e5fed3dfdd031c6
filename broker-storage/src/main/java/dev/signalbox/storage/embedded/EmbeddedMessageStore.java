package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.ConsumerOffsets;
import dev.signalbox.storage.DocumentStore;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.RecoveryReport;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.log.RecordDescriptor;
import dev.signalbox.storage.queue.ConsumeQueue;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded {@link MessageStore}: opens and recovers the data directory, then serves appends
 * through the {@link WriterAgent} and reads straight from the files.
 *
 * <p>Threading: thread-safe, as {@link MessageStore} promises. Appends take the shared side of a
 * read-write gate only long enough to enqueue ({@code tryLock}, so they never wait), and close takes
 * the exclusive side to flip to closed: after that no request can slip into the queue behind the
 * writer's stop marker. Ownership: owns every file and thread of the store until {@link #close}.
 */
public final class EmbeddedMessageStore implements MessageStore {

    private static final System.Logger LOG = System.getLogger(EmbeddedMessageStore.class.getName());
    private static final int READ_CHUNK_ENTRIES = 1024;

    private final StoreConfig config;
    private final StoreParts parts;
    private final StoreHealth health = new StoreHealth();
    private final BlockingQueue<AppendRequest> requests;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final FlushAgent flushAgent;
    private final Thread writer;
    private boolean closed;

    private EmbeddedMessageStore(StoreConfig config, StoreParts parts) {
        this.config = config;
        this.parts = parts;
        this.requests = new ArrayBlockingQueue<>(config.writeQueueCapacity());
        this.flushAgent = new FlushAgent(parts.log(), parts.queues(), health);
        this.writer = new WriterAgent(requests, parts.log(), parts.queues(), parts.index(), health).start();
        flushAgent.start(config.asyncFlushInterval());
    }

    /** Opens, recovers and starts the store; see {@link MessageStore#open}. */
    public static EmbeddedMessageStore open(StoreConfig config) throws IOException {
        StoreParts parts = StoreParts.recover(config);
        RecoveryReport report = parts.report();
        LOG.log(
                Level.INFO,
                "store {0} opened: {1} records recovered, {2} bytes cut, clean shutdown {3}",
                config.dataDir(),
                String.valueOf(report.recordsRecovered()),
                String.valueOf(report.bytesTruncated()),
                report.cleanShutdown());
        return new EmbeddedMessageStore(config, parts);
    }

    @Override
    public RecoveryReport recoveryReport() {
        return parts.report();
    }

    @Override
    public CompletionStage<AppendResult> append(String topic, List<String> keys, byte[] body, FlushMode flush) {
        StoreNames.requireName("topic", topic);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(flush, "flush");
        List<String> keyList = List.copyOf(keys);
        List<byte[]> keyBytes = new ArrayList<>(keyList.size());
        for (String key : keyList) {
            keyBytes.add(StoreNames.requireKey(key));
        }
        byte[] topicBytes = topic.getBytes(StandardCharsets.US_ASCII);
        long length = RecordDescriptor.encodedLength(topicBytes, keyBytes, body.length);
        if (length > config.maxRecordBytes() || keyList.size() > Short.MAX_VALUE) {
            return rejected(AppendStatus.TOO_LARGE);
        }
        ByteBuffer record = RecordDescriptor.encode(topicBytes, keyBytes, body);
        return enqueue(new AppendRequest(topic, keyList, record, flush));
    }

    private CompletionStage<AppendResult> enqueue(AppendRequest request) {
        ReentrantReadWriteLock.ReadLock shared = gate.readLock();
        if (!shared.tryLock()) {
            return rejected(AppendStatus.CLOSED);
        }
        try {
            if (closed) {
                return rejected(AppendStatus.CLOSED);
            }
            if (health.isFailed()) {
                return rejected(AppendStatus.IO_FAILED);
            }
            if (!requests.offer(request)) {
                return rejected(AppendStatus.STORE_BUSY);
            }
            return request.result.minimalCompletionStage();
        } finally {
            shared.unlock();
        }
    }

    private static CompletionStage<AppendResult> rejected(AppendStatus status) {
        return CompletableFuture.completedStage(new AppendResult(status, -1, -1));
    }

    @Override
    public long nextOffset(String topic) {
        StoreNames.requireName("topic", topic);
        return parts.queues().find(topic).map(ConsumeQueue::published).orElse(0L);
    }

    @Override
    public List<StoredRecord> read(String topic, long fromOffset, int maxRecords) throws IOException {
        StoreNames.requireName("topic", topic);
        if (fromOffset < 0 || maxRecords < 1) {
            throw new IllegalArgumentException(
                    "fromOffset must be >= 0 and maxRecords >= 1, were " + fromOffset + " and " + maxRecords);
        }
        Optional<ConsumeQueue> queue = parts.queues().find(topic);
        long end = queue.map(ConsumeQueue::published).orElse(0L);
        if (queue.isEmpty() || fromOffset >= end) {
            return List.of();
        }
        long until = fromOffset + Math.min(maxRecords, end - fromOffset);
        List<StoredRecord> records = new ArrayList<>((int) Math.min(until - fromOffset, READ_CHUNK_ENTRIES));
        for (long at = fromOffset; at < until; at += READ_CHUNK_ENTRIES) {
            int count = (int) Math.min(READ_CHUNK_ENTRIES, until - at);
            ByteBuffer entries = queue.get().readEntries(at, count);
            for (int i = 0; i < count; i++) {
                records.add(readEntry(topic, at + i, entries.getLong(), entries.getInt()));
            }
        }
        return records;
    }

    private StoredRecord readEntry(String topic, long queueOffset, long logOffset, int size) throws IOException {
        StoredRecord record = parts.log().read(logOffset, size);
        if (!record.topic().equals(topic) || record.queueOffset() != queueOffset) {
            throw new IOException("consume queue entry " + queueOffset + " of topic '" + topic
                    + "' points at log offset " + logOffset + ", which holds record " + record.queueOffset()
                    + " of topic '" + record.topic() + "'");
        }
        return record;
    }

    @Override
    public Optional<StoredRecord> read(String topic, long queueOffset) throws IOException {
        List<StoredRecord> records = read(topic, queueOffset, 1);
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(0));
    }

    @Override
    public List<StoredRecord> lookup(String topic, String key) throws IOException {
        StoreNames.requireName("topic", topic);
        StoreNames.requireKey(key);
        long[] logOffsets = parts.index().lookup(topic, key);
        List<StoredRecord> records = new ArrayList<>(logOffsets.length);
        for (long logOffset : logOffsets) {
            records.add(parts.log().read(logOffset));
        }
        return records;
    }

    @Override
    public ConsumerOffsets offsets() {
        return parts.offsets();
    }

    @Override
    public DocumentStore documents() {
        return parts.documents();
    }

    @Override
    public void close() throws IOException {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("close() called from an append callback on the writer thread");
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
        stopWriter();
        flushAgent.close();
        parts.close(health);
        Optional<IOException> failure = health.failure();
        if (failure.isPresent()) {
            throw new IOException("the store closed after a storage failure; not marked clean", failure.get());
        }
        LOG.log(Level.INFO, "store {0} closed cleanly", config.dataDir());
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
