package dev.signalbox.storage;

import dev.signalbox.storage.embedded.EmbeddedMessageStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The embedded store: one append-only CommitLog shared by every topic, a ConsumeQueue per (topic,
 * queue), a persistent key index, retention, delayed records, consumer offsets and small
 * documents.
 *
 * <p>Threading: thread-safe. {@link #append} never blocks; every other data call does file I/O and
 * belongs on a worker thread, never on an event loop. One writer thread owned by the store performs
 * every log write, so appends to one queue get gap-free queue offsets in the order the writer took
 * them.
 *
 * <p>Ownership: the opener owns the store and must {@link #close()} it; it holds an exclusive lock
 * on its data directory while open. Names (topic, group, namespace, document name) must match
 * {@code [A-Za-z0-9._@-]{1,200}} and not be {@code .} or {@code ..}; topics and property names
 * starting with {@code __} are the store's own; keys are non-empty UTF-8 of at most 1024 bytes;
 * anything else is an {@link IllegalArgumentException}. Calls without a queue id mean queue 0.
 */
public interface MessageStore extends AutoCloseable {

    /** Opens (creating if needed) the store in {@code config.dataDir()}, recovers it, and returns it ready. */
    static MessageStore open(StoreConfig config) throws IOException {
        return EmbeddedMessageStore.open(config);
    }

    /** What recovery found when this store was opened. */
    RecoveryReport recoveryReport();

    /**
     * Appends {@code body} to queue 0 of the topic with the given keys; see
     * {@link #append(NewRecord, FlushMode)}.
     */
    default CompletionStage<AppendResult> append(String topic, List<String> keys, byte[] body, FlushMode flush) {
        return append(NewRecord.of(topic, body).withKeys(keys), flush);
    }

    /**
     * Never blocks the caller: a full write queue completes at once with {@code STORE_BUSY}. The
     * stage completes once the record is readable ({@link #read}, {@link #lookup},
     * {@link #nextOffset}) and, for {@code SYNC}, fsynced (group commit: one fsync for every
     * {@code SYNC} append written meanwhile); for {@code ASYNC} the fsync follows within the async
     * flush interval. It completes on one of the store's threads and never exceptionally; invalid
     * names, keys or properties throw {@link IllegalArgumentException} at once. Callbacks attached
     * without an executor hold up that thread: keep them short or hop (the Vert.x adapter does).
     *
     * <p>A record with a {@link NewRecord#deliverAt()} in the future is delayed: it is stored at
     * once (the result names its place in the store's timer queue) and appended to its topic when
     * due, within about a second of that time, across restarts.
     */
    CompletionStage<AppendResult> append(NewRecord record, FlushMode flush);

    /**
     * Appends the records as one request: they take one slot of the bounded write queue, are
     * written one after the other (each its own self-describing record, with its own CRC, queue
     * offset and index entries, exactly as {@link #append(NewRecord, FlushMode)} writes it) and
     * are answered together by one completion, once the last of them is as durable as
     * {@code flush} asks. The answer holds one result per record, in the caller's order. A record
     * over the size limit is answered {@code TOO_LARGE} in its place and the others are stored; a
     * full write queue, a closed or failed store answers every record with that status, and
     * nothing of the batch is written. The records need not share a topic; records of one queue
     * get consecutive queue offsets in the order given. Never blocks the caller; invalid names,
     * keys or properties in any record throw {@link IllegalArgumentException} before anything is
     * queued. The batch is not atomic across a crash: under {@code ASYNC} a crash before the flush
     * may keep a prefix of it, under {@code SYNC} an acknowledged batch is whole.
     */
    CompletionStage<List<AppendResult>> appendBatch(List<NewRecord> records, FlushMode flush);

    /** Next queue offset of the topic's queue 0 = number of records ever appended to it (0 for unknown topics). */
    default long nextOffset(String topic) {
        return nextOffset(topic, 0);
    }

    /** Next queue offset of the topic's queue. */
    long nextOffset(String topic, int queueId);

    /** The lowest queue offset of the topic's queue 0 still held (retention and TTL counted). Blocking. */
    default long earliestOffset(String topic) throws IOException {
        return earliestOffset(topic, 0);
    }

    /** The lowest queue offset of the topic's queue still held. Blocking. */
    long earliestOffset(String topic, int queueId) throws IOException;

    /**
     * Blocking read of up to {@code maxRecords} records of the queue from {@code fromOffset}, in
     * order. Reading an offset retention or the topic's TTL removed answers
     * {@link ReadStatus#OFFSET_GONE} with the earliest offset still held.
     */
    ReadResult fetch(String topic, int queueId, long fromOffset, int maxRecords) throws IOException;

    /**
     * Blocking: up to maxRecords records of queue 0 from fromOffset, in order; empty at the end.
     *
     * @throws OffsetGoneException when {@code fromOffset} is no longer held
     */
    default List<StoredRecord> read(String topic, long fromOffset, int maxRecords) throws IOException {
        ReadResult result = fetch(topic, 0, fromOffset, maxRecords);
        if (result.isGone()) {
            throw new OffsetGoneException(topic, fromOffset, result.earliestOffset());
        }
        return result.records();
    }

    /**
     * Blocking: the record at {@code queueOffset} of queue 0, empty when there is none yet.
     *
     * @throws OffsetGoneException when it is no longer held
     */
    default Optional<StoredRecord> read(String topic, long queueOffset) throws IOException {
        List<StoredRecord> records = read(topic, queueOffset, 1);
        return records.isEmpty() ? Optional.empty() : Optional.of(records.get(0));
    }

    /** Every held record of the topic appended with this key, newest first. Blocking. */
    default List<StoredRecord> lookup(String topic, String key) throws IOException {
        return lookup(topic, key, 0, Long.MAX_VALUE);
    }

    /** The held records of the topic with this key stored within {@code [fromMillis, toMillis]}, newest first. Blocking. */
    List<StoredRecord> lookup(String topic, String key, long fromMillis, long toMillis) throws IOException;

    /**
     * Sets (or, empty, removes) the topic's TTL, durably: its records older than that are no
     * longer readable. Blocking.
     */
    void setTopicTtl(String topic, Optional<Duration> ttl) throws IOException;

    /** The store's counters since it was opened. */
    StoreStats stats();

    /** The consumer groups' committed offsets, stored beside the log. */
    ConsumerOffsets offsets();

    /** Small named documents (bus and rule definitions), stored beside the log. */
    DocumentStore documents();

    /**
     * Stop accepting (CLOSED), drain the write queue, final fsync and checkpoint, write the
     * clean-shutdown marker. Idempotent.
     */
    @Override
    void close() throws IOException;
}
