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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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
        try (HeldTopic topic = HeldTopic.start(vertx, dir, 10, 4, 2)) {
            // A window of 4: four records read, then reading stops until one is released.
            topic.await(() -> topic.seen() == 4);
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
        try (MessageStore raw =
                MessageStore.open(StoreConfig.builder(dir).segmentBytes(1 << 20).build())) {
            VertxMessageStore store = new VertxMessageStore(vertx, raw);
            for (int i = 0; i < 6; i++) {
                raw.append("t", List.of(), new byte[] {(byte) i}, FlushMode.ASYNC)
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            Map<Long, Integer> seen = new ConcurrentHashMap<>();
            java.util.concurrent.atomic.AtomicBoolean mayRead = new java.util.concurrent.atomic.AtomicBoolean(true);
            Context context = vertx.getOrCreateContext();
            ConsumerCursor[] cursor = new ConsumerCursor[1];
            context.runOnContext(v -> {
                cursor[0] = new ConsumerCursor(store, "g", "t", 10, 10, (StoredRecord record) -> {
                    int times = seen.merge(record.queueOffset(), 1, Integer::sum);
                    if (record.queueOffset() >= 3 && times == 1) {
                        // Not handled yet (as a router does for events past a held route mark).
                        mayRead.set(false);
                        cursor[0].rewindTo(record.queueOffset());
                    }
                });
                cursor[0].readOnlyWhile(mayRead::get);
                cursor[0].wake();
            });
            await(() -> seen.size() == 6);
            await(() -> raw.offsets().committed("g", "t") == 3);
            java.util.concurrent.CompletableFuture<Long> next = new java.util.concurrent.CompletableFuture<>();
            context.runOnContext(v -> {
                cursor[0].wake(); // not while reading may not go on
                next.complete(cursor[0].nextRead());
            });
            assertEquals(3, next.get(10, TimeUnit.SECONDS));
            assertEquals(3, raw.offsets().committed("g", "t"), "nothing past the rewound record");

            mayRead.set(true);
            context.runOnContext(v -> cursor[0].wake());
            await(() -> raw.offsets().committed("g", "t") == 6);
            assertEquals(Map.of(0L, 1, 1L, 1, 2L, 1, 3L, 2, 4L, 2, 5L, 2), Map.copyOf(seen));
            context.runOnContext(v -> cursor[0].stop());
        }
    }

    @Test
    void stoppingWritesTheLastCommittedOffset(Vertx vertx, @TempDir Path dir) throws Exception {
        try (HeldTopic topic = HeldTopic.start(vertx, dir, 10, 10, 10)) {
            topic.await(() -> topic.seen() == 10);
            // Released one by one in one turn: the first release starts a write, the rest wait
            // for it and for the pause after it; stopping must not leave them unwritten.
            topic.stopAfter(cursor -> release(cursor, 0, 10));
            assertEquals(10, topic.committed());
        }
    }

    @Test
    void stoppingDuringThePauseBetweenWritesWritesTheLastOffset(Vertx vertx, @TempDir Path dir) throws Exception {
        try (HeldTopic topic = HeldTopic.start(vertx, dir, 3, 10, 10)) {
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

    /**
     * A real store holding {@code records} one-byte records on topic "t", read by a cursor of group
     * "g" whose handler takes a hold on every record it sees and never releases it: the work
     * outlives the handler, and the test releases it. The test thread drives the cursor only
     * through {@link #onContext} and {@link #stopAfter}; closing stops the cursor (if the test did
     * not) and then the store.
     */
    private static final class HeldTopic implements AutoCloseable {
        private final MessageStore raw;
        private final Context context;
        private final Set<Long> seen = ConcurrentHashMap.newKeySet();
        private ConsumerCursor cursor;
        private boolean isStopped;

        private HeldTopic(MessageStore raw, Context context) {
            this.raw = raw;
            this.context = context;
        }

        static HeldTopic start(Vertx vertx, Path dir, int records, int window, int batch) throws Exception {
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
            HeldTopic topic = new HeldTopic(raw, vertx.getOrCreateContext());
            VertxMessageStore store = new VertxMessageStore(vertx, raw);
            topic.onContext(unused -> {
                topic.cursor = new ConsumerCursor(store, "g", "t", window, batch, (StoredRecord record) -> {
                    topic.seen.add(record.queueOffset());
                    topic.cursor.hold(record.queueOffset());
                });
                topic.cursor.wake();
            });
            return topic;
        }

        int seen() {
            return seen.size();
        }

        long committed() {
            return raw.offsets().committed("g", "t");
        }

        /** Runs {@code action} on the cursor's context, as every call on a cursor must. */
        void onContext(Consumer<ConsumerCursor> action) {
            context.runOnContext(v -> action.accept(cursor));
        }

        /** Runs {@code lastTurn} and then stops the cursor, in one turn; waits for the stop to end. */
        void stopAfter(Consumer<ConsumerCursor> lastTurn) throws Exception {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            onContext(cursor -> {
                lastTurn.accept(cursor);
                cursor.stop().onComplete(done -> stopped.complete(null));
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
                    stopAfter(cursor -> {});
                }
            } finally {
                raw.close();
            }
        }
    }
}
