package dev.signalbox.gateway.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cursor against a real store: its committed offset never passes a record whose work is
 * still held, however the holds are released, and it stops reading when its window is full.
 */
@ExtendWith(VertxExtension.class)
class ConsumerCursorTest {

    @Test
    void commitsOnlyPastRecordsWhoseWorkIsOver(Vertx vertx, @TempDir Path dir) throws Exception {
        try (CursorOnStore topic = CursorOnStore.start(vertx, dir, 10, 4, 2, NOTHING, HOLD)) {
            // A window of 4: four records read, then reading stops until one is released.
            topic.await(() -> topic.seen() == 4);
            // Asked on the cursor's context, so after the read that brought the fourth record has
            // ended: no read is under way and none went past the window.
            assertEquals(4, topic.onContextGet(ConsumerCursor::nextRead), "no read past the window");
            assertEquals(4, topic.seen());
            assertEquals(0, topic.committed());

            // Released out of order: the commit follows the lowest record still held.
            topic.onContext(cursor -> cursor.release(2));
            topic.await(() -> topic.seen() == 5);
            topic.onContext(cursor -> cursor.release(0));
            topic.await(() -> topic.committed() == 1);
            topic.onContext(cursor -> cursor.release(1));
            topic.await(() -> topic.committed() == 3);
            // Releasing what is not held yet is a no-op: each round frees only what was read.
            topic.onContext(cursor -> release(cursor, 3, 10));
            topic.await(() -> topic.seen() >= 8);
            topic.onContext(cursor -> release(cursor, 3, 10));
            topic.await(() -> topic.seen() == 10);
            topic.onContext(cursor -> release(cursor, 3, 10));
            topic.await(() -> topic.committed() == 10);
        }
    }

    @Test
    void aRecordRewoundIsNeitherCommittedNorLostAndIsReadAgainOnceReadingMayGoOn(Vertx vertx, @TempDir Path dir)
            throws Exception {
        AtomicBoolean mayRead = new AtomicBoolean(true);
        RecordHandler rewindOnFirstRead = (cursor, record, timesRead) -> {
            if (record.queueOffset() >= 3 && timesRead == 1) {
                // Not handled yet (as a router does for events past a held route mark).
                mayRead.set(false);
                cursor.rewindTo(record.queueOffset());
            }
        };
        try (CursorOnStore topic = CursorOnStore.start(
                vertx, dir, 6, 10, 10, cursor -> cursor.readOnlyWhile(mayRead::get), rewindOnFirstRead)) {
            topic.await(() -> topic.seen() == 6);
            topic.await(() -> topic.committed() == 3);
            long next = topic.onContextGet(cursor -> {
                cursor.wake(); // not while reading may not go on
                return cursor.nextRead();
            });
            assertEquals(3, next);
            assertEquals(3, topic.committed(), "nothing past the rewound record");

            mayRead.set(true);
            topic.onContext(ConsumerCursor::wake);
            topic.await(() -> topic.committed() == 6);
            assertEquals(Map.of(0L, 1, 1L, 1, 2L, 1, 3L, 2, 4L, 2, 5L, 2), topic.reads());
        }
    }

    @Test
    void stoppingWritesTheLastCommittedOffset(Vertx vertx, @TempDir Path dir) throws Exception {
        try (CursorOnStore topic = CursorOnStore.start(vertx, dir, 10, 10, 10, NOTHING, HOLD)) {
            topic.await(() -> topic.seen() == 10);
            // Released one by one in one turn: the first release starts a write, the rest wait
            // for it and for the pause after it; stopping must not leave them unwritten.
            topic.stopAfter(cursor -> release(cursor, 0, 10));
            assertEquals(10, topic.committed());
        }
    }

    @Test
    void stoppingDuringThePauseBetweenWritesWritesTheLastOffset(Vertx vertx, @TempDir Path dir) throws Exception {
        try (CursorOnStore topic = CursorOnStore.start(vertx, dir, 3, 10, 10, NOTHING, HOLD)) {
            topic.await(() -> topic.seen() == 3);
            // The first write (offset 1) is under way when the second release comes: offset 2
            // waits for the write and then for the pause; a stop right after the first write
            // lands (most likely inside the pause) must still write it.
            topic.onContext(cursor -> release(cursor, 0, 2));
            topic.await(() -> topic.committed() >= 1);
            topic.stopAfter(cursor -> {});
            assertEquals(2, topic.committed());
        }
    }

    private static void release(ConsumerCursor cursor, long from, long to) {
        for (long offset = from; offset < to; offset++) {
            cursor.release(offset);
        }
    }

    /** What a test's cursor does with each record it reads; {@code timesRead} counts from 1. */
    @FunctionalInterface
    private interface RecordHandler {
        void accept(ConsumerCursor cursor, StoredRecord record, int timesRead);
    }

    /** Takes a hold on every record and never releases it: the work outlives the handler. */
    private static final RecordHandler HOLD = (cursor, record, timesRead) -> cursor.hold(record.queueOffset());

    private static final Consumer<ConsumerCursor> NOTHING = cursor -> {};

    /**
     * A real store holding {@code records} one-byte records on topic "t", read by a cursor of
     * group "g" that counts every read of each record and hands it to the test's {@link
     * RecordHandler}. The test thread drives the cursor only through {@link #onContext}, {@link
     * #onContextGet} and {@link #stopAfter}; closing stops the cursor (if the test did not) and
     * then the store.
     */
    private static final class CursorOnStore implements AutoCloseable {
        private final MessageStore raw;
        private final Context context;
        private final Map<Long, Integer> reads = new ConcurrentHashMap<>();
        private ConsumerCursor cursor;
        private boolean isStopped;

        private CursorOnStore(MessageStore raw, Context context) {
            this.raw = raw;
            this.context = context;
        }

        /** Appends the records, then makes the cursor, runs {@code beforeWake} on it and wakes it. */
        static CursorOnStore start(
                Vertx vertx,
                Path dir,
                int records,
                int window,
                int batch,
                Consumer<ConsumerCursor> beforeWake,
                RecordHandler handler)
                throws Exception {
            MessageStore raw = MessageStore.open(
                    StoreConfig.builder(dir).segmentBytes(1 << 20).build());
            try {
                for (int i = 0; i < records; i++) {
                    raw.append("t", List.of(), new byte[] {(byte) i}, FlushMode.ASYNC)
                            .toCompletableFuture()
                            .get(10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                raw.close();
                throw e;
            }
            CursorOnStore topic = new CursorOnStore(raw, vertx.getOrCreateContext());
            VertxMessageStore store = new VertxMessageStore(vertx, raw);
            topic.onContext(unused -> {
                topic.cursor = new ConsumerCursor(store, "g", "t", window, batch, (StoredRecord record) -> {
                    int timesRead = topic.reads.merge(record.queueOffset(), 1, Integer::sum);
                    handler.accept(topic.cursor, record, timesRead);
                });
                beforeWake.accept(topic.cursor);
                topic.cursor.wake();
            });
            return topic;
        }

        /** How many distinct records the cursor has read. */
        int seen() {
            return reads.size();
        }

        /** Each record's queue offset and how many times it was read. */
        Map<Long, Integer> reads() {
            return Map.copyOf(reads);
        }

        long committed() {
            return raw.offsets().committed("g", "t");
        }

        /** Runs {@code action} on the cursor's context, as every call on a cursor must. */
        void onContext(Consumer<ConsumerCursor> action) {
            context.runOnContext(v -> action.accept(cursor));
        }

        /** Runs {@code action} on the cursor's context and waits for what it gives. */
        <T> T onContextGet(Function<ConsumerCursor, T> action) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            onContext(c -> result.complete(action.apply(c)));
            return result.get(10, TimeUnit.SECONDS);
        }

        /** Runs {@code lastTurn} and then stops the cursor, in one turn; waits for the stop to end. */
        void stopAfter(Consumer<ConsumerCursor> lastTurn) throws Exception {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            onContext(c -> {
                lastTurn.accept(c);
                c.stop().onComplete(done -> stopped.complete(null));
            });
            stopped.get(10, TimeUnit.SECONDS);
            isStopped = true;
        }

        void await(BooleanSupplier condition) {
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("not within 10 s");
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }

        @Override
        public void close() throws Exception {
            try {
                if (!isStopped) {
                    stopAfter(NOTHING);
                }
            } finally {
                raw.close();
            }
        }
    }
}
