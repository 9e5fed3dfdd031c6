package dev.signalbox.storage.vertx;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.ReadResult;
import dev.signalbox.storage.StoredRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link MessageStore} seen from Vert.x: every answer is a {@link Future} completed on the
 * context that made the call, so verticles never see the store's own threads and event loops never
 * touch files.
 *
 * <p>Threading: thread-safe; call from any context (or from outside Vert.x, which gets a fresh
 * context). {@link #append} enqueues without blocking and hops back through the context's
 * {@link ContextInbox}, one task for all the completions of a write batch; the other calls run the blocking store call through
 * {@code executeBlocking} on a worker thread, unordered. Ownership: does not own the store or the
 * Vert.x instance; whoever opened the store closes it.
 */
public final class VertxMessageStore {

    private final Vertx vertx;
    private final MessageStore store;
    /** This adapter's key for its inbox in each context's data. */
    private final Object inboxKey = new Object();
    /** This adapter's key for its turn's appends in each event-loop context's data. */
    private final Object turnKey = new Object();

    public VertxMessageStore(Vertx vertx, MessageStore store) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The store behind this adapter, for calls that need no hop ({@code nextOffset}). */
    public MessageStore store() {
        return store;
    }

    /** Appends; completes on the caller's context once the record is as durable as {@code flush} asks. */
    public Future<AppendResult> append(String topic, List<String> keys, byte[] body, FlushMode flush) {
        return append(NewRecord.of(topic, body).withKeys(keys), flush);
    }

    /**
     * Appends a record with properties, a queue id or a due time; completes on the caller's
     * event loop. On an event loop the appends of one turn go to the store together ({@link
     * TurnAppends}); from anywhere else each goes on its own.
     */
    public Future<AppendResult> append(NewRecord record, FlushMode flush) {
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext()) {
            return turn(current).add(record, flush);
        }
        ContextInbox inbox = inbox();
        Promise<AppendResult> promise = Promise.promise();
        try {
            store.append(record, flush)
                    .whenComplete((result, failure) -> inbox.post(() -> {
                        if (failure != null) {
                            promise.fail(failure);
                        } else {
                            promise.complete(result);
                        }
                    }));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return promise.future();
    }

    /**
     * Appends the records as one store request with one completion (see
     * {@link MessageStore#appendBatch}); the results, one per record in order, arrive on the
     * caller's context with a single hop.
     */
    public Future<List<AppendResult>> appendBatch(List<NewRecord> records, FlushMode flush) {
        ContextInbox inbox = inbox();
        Promise<List<AppendResult>> promise = Promise.promise();
        try {
            store.appendBatch(records, flush)
                    .whenComplete((results, failure) -> inbox.post(() -> {
                        if (failure != null) {
                            promise.fail(failure);
                        } else {
                            promise.complete(results);
                        }
                    }));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return promise.future();
    }

    /** The caller's context's inbox for append completions (see {@link ContextInbox}). */
    private ContextInbox inbox() {
        Context context = vertx.getOrCreateContext();
        ContextInbox inbox = context.get(inboxKey);
        if (inbox == null) {
            // Only the context's own thread gets here for it, so two inboxes are never made.
            inbox = new ContextInbox(context);
            context.put(inboxKey, inbox);
        }
        return inbox;
    }

    /** The event-loop context's appends of the current turn (see {@link TurnAppends}). */
    private TurnAppends turn(Context context) {
        TurnAppends turn = context.get(turnKey);
        if (turn == null) {
            turn = new TurnAppends(context, store, inbox());
            context.put(turnKey, turn);
        }
        return turn;
    }

    /** Up to {@code maxRecords} records of the topic from {@code fromOffset}, in order. */
    public Future<List<StoredRecord>> read(String topic, long fromOffset, int maxRecords) {
        return vertx.executeBlocking(() -> store.read(topic, fromOffset, maxRecords), false);
    }

    /**
     * Up to {@code maxRecords} records of the queue from {@code fromOffset}; a gone offset answers
     * {@link dev.signalbox.storage.ReadStatus#OFFSET_GONE} with the earliest offset held.
     */
    public Future<ReadResult> fetch(String topic, int queueId, long fromOffset, int maxRecords) {
        return vertx.executeBlocking(() -> store.fetch(topic, queueId, fromOffset, maxRecords), false);
    }

    /** The record at {@code queueOffset}, or empty. */
    public Future<Optional<StoredRecord>> read(String topic, long queueOffset) {
        return vertx.executeBlocking(() -> store.read(topic, queueOffset), false);
    }

    /** The topic's records appended with {@code key}, newest first. */
    public Future<List<StoredRecord>> lookup(String topic, String key) {
        return vertx.executeBlocking(() -> store.lookup(topic, key), false);
    }

    /** Durably commits the group's offset for the topic. */
    public Future<Void> commitOffset(String group, String topic, long offset) {
        return vertx.executeBlocking(
                () -> {
                    store.offsets().commit(group, topic, offset);
                    return null;
                },
                false);
    }

    /** Durably creates or replaces a document. */
    public Future<Void> putDocument(String namespace, String name, byte[] document) {
        return vertx.executeBlocking(
                () -> {
                    store.documents().put(namespace, name, document);
                    return null;
                },
                false);
    }

    /** Durably deletes a document; true when it existed. */
    public Future<Boolean> deleteDocument(String namespace, String name) {
        return vertx.executeBlocking(() -> store.documents().delete(namespace, name), false);
    }

    /** Every document of the namespace, sorted by name. */
    public Future<Map<String, byte[]>> listDocuments(String namespace) {
        return vertx.executeBlocking(() -> store.documents().list(namespace), false);
    }

    /** One document, or empty. */
    public Future<Optional<byte[]>> getDocument(String namespace, String name) {
        return vertx.executeBlocking(() -> store.documents().get(namespace, name), false);
    }
}
