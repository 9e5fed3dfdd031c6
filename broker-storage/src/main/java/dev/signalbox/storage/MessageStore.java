package dev.signalbox.storage;

import dev.signalbox.storage.embedded.EmbeddedMessageStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The embedded store: one append-only CommitLog shared by every topic, a ConsumeQueue per topic, a
 * key index, consumer offsets and small documents.
 *
 * <p>Threading: thread-safe. {@link #append} never blocks; every other data call does file I/O and
 * belongs on a worker thread, never on an event loop. One writer thread owned by the store performs
 * every log write, so appends to one topic get gap-free queue offsets in the order the writer took
 * them.
 *
 * <p>Ownership: the opener owns the store and must {@link #close()} it; it holds an exclusive lock
 * on its data directory while open. Names (topic, group, namespace, document name) must match
 * {@code [A-Za-z0-9._@-]{1,200}} and not be {@code .} or {@code ..}; keys are non-empty UTF-8 of at
 * most 1024 bytes; anything else is an {@link IllegalArgumentException}.
 */
public interface MessageStore extends AutoCloseable {

    /** Opens (creating if needed) the store in {@code config.dataDir()}, recovers it, and returns it ready. */
    static MessageStore open(StoreConfig config) throws IOException {
        return EmbeddedMessageStore.open(config);
    }

    /** What recovery found when this store was opened. */
    RecoveryReport recoveryReport();

    /**
     * Never blocks the caller: a full write queue completes at once with STORE_BUSY. The stage
     * completes on the store's writer/flush thread: for SYNC only after fsync of the record (group
     * commit: one fsync for all SYNC appends drained in the same batch); for ASYNC after the bytes
     * are written to the file (page cache), flushed later every asyncFlushInterval.
     *
     * <p>A record is visible to {@link #read}, {@link #lookup} and {@link #nextOffset} from the
     * moment it is written, possibly just before its SYNC fsync completes. The stage never
     * completes exceptionally; invalid names or keys throw {@link IllegalArgumentException} at once.
     * Callbacks attached without an executor run on the store's writer thread and hold up every
     * other append: keep them short or hop to your own executor (the Vert.x adapter does).
     */
    CompletionStage<AppendResult> append(String topic, List<String> keys, byte[] body, FlushMode flush);

    /** Next queue offset of the topic = number of records ever appended to it (0 for unknown topics). */
    long nextOffset(String topic);

    /** Blocking file read; call from a worker thread. Up to maxRecords records from fromOffset, in order; empty if none. */
    List<StoredRecord> read(String topic, long fromOffset, int maxRecords) throws IOException;

    /** Blocking: the record at {@code queueOffset} of the topic, empty when there is none. */
    Optional<StoredRecord> read(String topic, long queueOffset) throws IOException;

    /** Every record of the topic appended with this key, newest first. Blocking. */
    List<StoredRecord> lookup(String topic, String key) throws IOException;

    /** The consumer groups' committed offsets, stored beside the log. */
    ConsumerOffsets offsets();

    /** Small named documents (bus and rule definitions), stored beside the log. */
    DocumentStore documents();

    /** Stop accepting (CLOSED), drain the write queue, final fsync, write the clean-shutdown marker. Idempotent. */
    @Override
    void close() throws IOException;
}
