package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {

    private static final int THREADS = 64;
    private static final int PER_THREAD = 20;

    @TempDir
    Path dir;

    @Test
    void concurrentSyncAppendsAllCompleteAndAreReadable() throws Exception {
        StoreConfig config = StoreConfig.defaults(dir);
        try (MessageStore store = MessageStore.open(config)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<AppendResult>>> threads = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    threads.add(pool.submit(() -> appendAll(store, thread, start)));
                }
                start.countDown();
                Set<Long> queueOffsets = new HashSet<>();
                for (int t = 0; t < THREADS; t++) {
                    List<AppendResult> results = threads.get(t).get();
                    for (int i = 0; i < PER_THREAD; i++) {
                        AppendResult result = results.get(i);
                        assertEquals(AppendStatus.OK, result.status());
                        queueOffsets.add(result.queueOffset());
                        assertArrayEquals(
                                body(t * 1000L + i, 64),
                                store.read("sync", result.queueOffset())
                                        .orElseThrow()
                                        .body());
                    }
                }
                assertEquals(THREADS * PER_THREAD, queueOffsets.size(), "distinct queue offsets");
                assertEquals(THREADS * PER_THREAD, store.nextOffset("sync"));
            } finally {
                pool.shutdown();
            }
        }
    }

    private static List<AppendResult> appendAll(MessageStore store, int thread, CountDownLatch start)
            throws InterruptedException {
        start.await();
        List<AppendResult> results = new ArrayList<>(PER_THREAD);
        for (int i = 0; i < PER_THREAD; i++) {
            CompletableFuture<AppendResult> result = store.append(
                            "sync", List.of("t" + thread), body(thread * 1000L + i, 64), FlushMode.SYNC)
                    .toCompletableFuture();
            results.add(result.join());
        }
        return results;
    }
}
