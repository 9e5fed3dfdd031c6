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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
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
        try (MessageStore raw =
                MessageStore.open(StoreConfig.builder(dir).segmentBytes(1 << 20).build())) {
            VertxMessageStore store = new VertxMessageStore(vertx, raw);
            for (int i = 0; i < 10; i++) {
                raw.append("t", List.of(), new byte[] {(byte) i}, FlushMode.ASYNC)
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            Map<Long, Boolean> seen = new ConcurrentHashMap<>();
            Context context = vertx.getOrCreateContext();
            ConsumerCursor[] cursor = new ConsumerCursor[1];
            context.runOnContext(v -> {
                cursor[0] = new ConsumerCursor(store, "g", "t", 4, 2, (StoredRecord record) -> {
                    seen.put(record.queueOffset(), true);
                    cursor[0].hold(record.queueOffset()); // work that outlives the handler
                });
                cursor[0].wake();
            });
            // A window of 4: four records read, then reading stops until one is released.
            await(() -> seen.size() == 4);
            assertEquals(4, seen.size());
            assertEquals(0, raw.offsets().committed("g", "t"));

            // Released out of order: the commit follows the lowest record still held.
            context.runOnContext(v -> cursor[0].release(2));
            await(() -> seen.size() == 5);
            context.runOnContext(v -> cursor[0].release(0));
            await(() -> raw.offsets().committed("g", "t") == 1);
            context.runOnContext(v -> cursor[0].release(1));
            await(() -> raw.offsets().committed("g", "t") == 3);
            context.runOnContext(v -> {
                for (long offset = 3; offset < 10; offset++) {
                    cursor[0].release(offset); // releasing what is not held yet is a no-op
                }
            });
            await(() -> seen.size() >= 8);
            context.runOnContext(v -> {
                for (long offset = 3; offset < 10; offset++) {
                    cursor[0].release(offset);
                }
            });
            await(() -> seen.size() == 10);
            context.runOnContext(v -> {
                for (long offset = 3; offset < 10; offset++) {
                    cursor[0].release(offset);
                }
            });
            await(() -> raw.offsets().committed("g", "t") == 10);
            context.runOnContext(v -> cursor[0].stop());
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
        try (MessageStore raw =
                MessageStore.open(StoreConfig.builder(dir).segmentBytes(1 << 20).build())) {
            VertxMessageStore store = new VertxMessageStore(vertx, raw);
            for (int i = 0; i < 10; i++) {
                raw.append("t", List.of(), new byte[] {(byte) i}, FlushMode.ASYNC)
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            Map<Long, Boolean> seen = new ConcurrentHashMap<>();
            Context context = vertx.getOrCreateContext();
            ConsumerCursor[] cursor = new ConsumerCursor[1];
            context.runOnContext(v -> {
                cursor[0] = new ConsumerCursor(store, "g", "t", 10, 10, (StoredRecord record) -> {
                    seen.put(record.queueOffset(), true);
                    cursor[0].hold(record.queueOffset());
                });
                cursor[0].wake();
            });
            await(() -> seen.size() == 10);
            // Released one by one in one turn: the first release starts a write, the rest wait
            // for it and for the pause after it; stopping must not leave them unwritten.
            java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();
            context.runOnContext(v -> {
                for (long offset = 0; offset < 10; offset++) {
                    cursor[0].release(offset);
                }
                cursor[0].stop().onComplete(done -> stopped.complete(null));
            });
            stopped.get(10, TimeUnit.SECONDS);
            assertEquals(10, raw.offsets().committed("g", "t"));
        }
    }

    @Test
    void stoppingDuringThePauseBetweenWritesWritesTheLastOffset(Vertx vertx, @TempDir Path dir) throws Exception {
        try (MessageStore raw =
                MessageStore.open(StoreConfig.builder(dir).segmentBytes(1 << 20).build())) {
            VertxMessageStore store = new VertxMessageStore(vertx, raw);
            for (int i = 0; i < 3; i++) {
                raw.append("t", List.of(), new byte[] {(byte) i}, FlushMode.ASYNC)
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            Map<Long, Boolean> seen = new ConcurrentHashMap<>();
            Context context = vertx.getOrCreateContext();
            ConsumerCursor[] cursor = new ConsumerCursor[1];
            context.runOnContext(v -> {
                cursor[0] = new ConsumerCursor(store, "g", "t", 10, 10, (StoredRecord record) -> {
                    seen.put(record.queueOffset(), true);
                    cursor[0].hold(record.queueOffset());
                });
                cursor[0].wake();
            });
            await(() -> seen.size() == 3);
            // The first write (offset 1) is under way when the second release comes: offset 2
            // waits for the write and then for the pause; a stop right after the first write
            // lands (most likely inside the pause) must still write it.
            context.runOnContext(v -> {
                cursor[0].release(0);
                cursor[0].release(1);
            });
            await(() -> raw.offsets().committed("g", "t") >= 1);
            java.util.concurrent.CompletableFuture<Void> stopped = new java.util.concurrent.CompletableFuture<>();
            context.runOnContext(v -> cursor[0].stop().onComplete(done -> stopped.complete(null)));
            stopped.get(10, TimeUnit.SECONDS);
            assertEquals(2, raw.offsets().committed("g", "t"));
        }
    }

    private static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
