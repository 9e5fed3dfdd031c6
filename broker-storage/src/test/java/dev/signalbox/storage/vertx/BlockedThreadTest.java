package dev.signalbox.storage.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vert.x with a blocked-thread warning threshold of 100 ms, checked every 10 ms: driving the store
 * hard through the adapter from event loops never trips it, while a deliberately blocking handler
 * does (so the check is known to work).
 */
class BlockedThreadTest {

    /**
     * 20 times below Vert.x's default of 2 s. Lower still trips on this 2-core machine with nothing
     * blocking: a loop thread descheduled for a few tens of milliseconds counts as blocked.
     */
    private static final long THRESHOLD_MILLIS = 100;

    private static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Vertx vertx;
    private MessageStore store;

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger(CHECKER_LOGGER).addHandler(capture);
        vertx = Vertx.vertx(new VertxOptions()
                .setMaxEventLoopExecuteTime(THRESHOLD_MILLIS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
        store = MessageStore.open(StoreConfig.builder(dir)
                .segmentBytes(1 << 20)
                .indexEntries(65536)
                .queueFileEntries(65536)
                .timerWheelSeconds(3600)
                .build());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        store.close();
        Logger.getLogger(CHECKER_LOGGER).removeHandler(capture);
    }

    /**
     * The handler blocks until the checker has said so (or 10 s have passed), and the test thread
     * waits for it without spinning. Why: a handler blocking a fixed 300 ms, watched by a test
     * thread spinning beside it, left the checker's thread no core on a 2-core machine with a
     * build running, and it missed the whole block.
     */
    @Test
    void theCheckerCatchesABlockingHandler() throws Exception {
        CompletableFuture<Void> blocked = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (warnings.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // a blocking call, as a handler must never make
            }
            blocked.complete(null);
        });
        blocked.get(20, TimeUnit.SECONDS);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("has been blocked")), warnings.toString());
    }

    /**
     * A loop thread that the OS deschedules for 100 ms also counts as blocked, and on a loaded
     * 2-core machine that happens now and then with nothing blocking. A call that blocks does so
     * on every drive, so the test passes when one of three drives has no warning: scheduling
     * noise is let through, a blocking store call is not.
     */
    @Test
    void drivingTheStoreFromEventLoopsNeverBlocksThem() throws Exception {
        VertxMessageStore adapter = new VertxMessageStore(vertx, store);
        List<List<String>> drives = new ArrayList<>();
        for (int drive = 0; drive < 3; drive++) {
            warnings.clear();
            drive(adapter, drive);
            TestStores.await(
                    Duration.ofSeconds(10),
                    () -> store.nextOffset("loop") == 5100L * (drives.size() + 1),
                    () -> "delayed appends");
            drives.add(List.copyOf(warnings));
            if (warnings.isEmpty()) {
                return;
            }
        }
        assertEquals(List.of(), drives, "an event loop was blocked on every drive");
    }

    private void drive(VertxMessageStore adapter, int drive) throws Exception {
        List<Future<Void>> turns = new ArrayList<>();
        List<Long> took = new CopyOnWriteArrayList<>();
        for (int turn = 0; turn < 100; turn++) {
            int first = drive * 5000 + turn * 50;
            // One event-loop task per turn, as each request a server handles would be.
            turns.add(vertx.getOrCreateContext()
                    .executeBlocking(() -> null, false)
                    .compose(v -> {
                        long started = System.nanoTime();
                        List<Future<?>> all = new ArrayList<>();
                        for (int i = first; i < first + 50; i++) {
                            FlushMode flush = i % 4 == 0 ? FlushMode.SYNC : FlushMode.ASYNC;
                            all.add(adapter.append("loop", List.of("k" + i), new byte[512], flush));
                        }
                        all.add(adapter.append(
                                NewRecord.of("loop", new byte[8]).withDeliverAt(System.currentTimeMillis() + 50),
                                FlushMode.SYNC));
                        all.add(adapter.read("loop", 0, 100));
                        all.add(adapter.lookup("loop", "k1"));
                        all.add(adapter.fetch("loop", 0, 0, 10));
                        all.add(adapter.putDocument("ns", "doc" + first, new byte[10]));
                        all.add(adapter.commitOffset("g", "loop", first));
                        took.add((System.nanoTime() - started) / 1000);
                        return Future.all(all).<Void>mapEmpty();
                    }));
        }
        Future.all(turns).await(60, TimeUnit.SECONDS);
        System.out.println("BlockedThreadTest: drive " + drive + " turn micros " + took);
    }
}
