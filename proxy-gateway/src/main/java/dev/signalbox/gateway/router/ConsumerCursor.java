package dev.signalbox.gateway.router;

import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic for one consumer group from its committed offset and keeps that offset honest:
 * it moves past a record only once every piece of work the record started is over, so a crash
 * re-reads what was not finished (at least once) and never skips it.
 *
 * <p>The handler is given each record with one hold already taken on it; it may {@link #hold}
 * more (one per delivery it starts) and {@link #release} each when that work is over. The hold
 * the cursor took is released when the handler returns. At most {@code window} records are held
 * at once; the cursor stops reading past that, which bounds memory whatever the backlog.
 *
 * <p>The committed offset is written at most once per {@link #COMMIT_PAUSE_MILLIS} (each write
 * replaces the offsets file and syncs it): under load a cursor moves thousands of times a
 * second, and a crash re-reads at most that much more (at least once either way). Stopping
 * writes the last value.
 *
 * <p>Threading: confined to one Vert.x context; every method runs on it.
 */
final class ConsumerCursor {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCursor.class);
    /** The least time between two writes of the committed offset. */
    static final long COMMIT_PAUSE_MILLIS = 50;

    private final VertxMessageStore store;
    private final String group;
    private final String topic;
    private final int window;
    private final int batch;
    private final Consumer<StoredRecord> handler;
    /** Queue offset -> holds still on the record there. */
    private final TreeMap<Long, Integer> held = new TreeMap<>();

    private long nextRead;
    private long committed;
    private boolean isReading;
    private boolean isCommitting;
    private final Promise<Void> committedAll = Promise.promise();
    private boolean isCommitDirty;
    /** The timer of the pause before the next write, or -1. */
    private long commitPause = -1;

    private boolean isStopped;
    private BooleanSupplier mayRead = () -> true;

    ConsumerCursor(
            VertxMessageStore store,
            String group,
            String topic,
            int window,
            int batch,
            Consumer<StoredRecord> handler) {
        this.store = store;
        this.group = group;
        this.topic = topic;
        this.window = window;
        this.batch = batch;
        this.handler = handler;
        this.committed = store.store().offsets().committed(group, topic);
        this.nextRead = committed;
    }

    String topic() {
        return topic;
    }

    /** Whether records past those read so far exist (a memory read of the queue's end). */
    boolean hasMore() {
        return nextRead < store.store().nextOffset(topic);
    }

    /** The offset the cursor will read next. */
    long nextRead() {
        return nextRead;
    }

    /** The offset committed so far: every record before it is finished. */
    long committed() {
        return committed;
    }

    /** Starts reads only while {@code condition} holds; a wake after it holds again reads on. */
    void readOnlyWhile(BooleanSupplier condition) {
        this.mayRead = condition;
    }

    /** Reads and hands on whatever has arrived since the last read, as far as the window allows. */
    void wake() {
        if (isStopped || isReading || !mayRead.getAsBoolean()) {
            return;
        }
        int room = window - held.size();
        if (room <= 0 || !hasMore()) {
            return;
        }
        isReading = true;
        long from = nextRead;
        store.read(topic, from, Math.min(room, batch)).onComplete(read -> {
            if (isStopped) {
                isReading = false;
                return;
            }
            if (read.failed()) {
                isReading = false;
                LOG.error(
                        "{}: reading {} from offset {} failed; retrying on the next wake",
                        group,
                        topic,
                        from,
                        read.cause());
                return;
            }
            List<StoredRecord> records = read.result();
            // Every record of the batch is held before any handler runs, so a release inside one
            // can neither commit past a record not handled yet nor read the batch again.
            for (StoredRecord record : records) {
                held.put(record.queueOffset(), 1);
                nextRead = record.queueOffset() + 1;
            }
            for (StoredRecord record : records) {
                try {
                    handler.accept(record);
                } catch (RuntimeException e) {
                    LOG.error(
                            "{}: record {} of {} could not be handled; skipped", group, record.queueOffset(), topic, e);
                }
                release(record.queueOffset());
            }
            isReading = false;
            wake();
        });
    }

    /**
     * Passes every record before {@code mark} without reading it, unless a read is under way
     * (its handler must skip them then) or the cursor is already past it.
     */
    void skipTo(long mark) {
        if (!isReading && nextRead < mark) {
            nextRead = mark;
            advance();
        }
    }

    /**
     * Reads the record at {@code offset} again, with those after it: called by the handler of a
     * record it cannot handle yet. The record is held while its handler runs, so nothing at or past
     * it has been committed.
     */
    void rewindTo(long offset) {
        if (offset < nextRead) {
            nextRead = offset;
        }
    }

    void hold(long offset) {
        held.merge(offset, 1, Integer::sum);
    }

    void release(long offset) {
        Integer left = held.get(offset);
        if (left == null) {
            return;
        }
        if (left > 1) {
            held.put(offset, left - 1);
            return;
        }
        held.remove(offset);
        advance();
        wake();
    }

    /**
     * Stops reading and committing; completes once the last committed offset is written, so
     * nothing touches the store after its owner closes it. Work still under way is re-done after
     * the next start (at least once).
     */
    Future<Void> stop() {
        isStopped = true;
        if (commitPause >= 0) {
            Vertx.currentContext().owner().cancelTimer(commitPause);
            commitPause = -1;
        }
        if (!isCommitting && isCommitDirty) {
            isCommitDirty = false;
            write();
        }
        return isCommitting ? committedAll.future() : Future.succeededFuture();
    }

    private void advance() {
        if (isStopped) {
            return;
        }
        // nextRead is below a held record only after a rewind, which must not be committed past.
        long lowest = held.isEmpty() ? nextRead : Math.min(held.firstKey(), nextRead);
        if (lowest > committed) {
            committed = lowest;
            commit();
        }
    }

    /**
     * Writes the committed offset, one write at a time and at most one per pause; changes during
     * a write or a pause are coalesced into the next write.
     */
    private void commit() {
        if (isCommitting || commitPause >= 0) {
            isCommitDirty = true;
            return;
        }
        write();
    }

    private void write() {
        isCommitting = true;
        long offset = committed;
        store.commitOffset(group, topic, offset).onComplete(done -> {
            isCommitting = false;
            if (done.failed()) {
                LOG.error("{}: committing offset {} of {} failed", group, offset, topic, done.cause());
            }
            if (isStopped) {
                if (isCommitDirty) {
                    isCommitDirty = false;
                    write();
                } else {
                    committedAll.tryComplete();
                }
                return;
            }
            if (isCommitDirty) {
                // Still dirty through the pause, so that a stop during it writes the value.
                commitPause = Vertx.currentContext().owner().setTimer(COMMIT_PAUSE_MILLIS, id -> {
                    commitPause = -1;
                    if (!isStopped) {
                        isCommitDirty = false;
                        write();
                    }
                });
            }
        });
    }
}
