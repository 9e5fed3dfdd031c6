package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackPressureTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 2500;

    @TempDir
    Path dir;

    /** One append issued by the burst, and what the store answered. */
    record Attempt(int id, CompletableFuture<AppendResult> result) {}

    @Test
    void aFullWriteQueueAnswersStoreBusyAndEveryAcceptedAppendIsStored() throws Exception {
        StoreConfig config = TestStores.smallBuilder(dir)
                .segmentBytes(1 << 20)
                .writeQueueCapacity(1)
                .maxRecordBytes(1024)
                .asyncFlushInterval(Duration.ofMillis(50))
                .build();
        List<Attempt> attempts = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<List<Attempt>>> bursts = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    bursts.add(pool.submit(() -> burst(store, thread)));
                }
                for (Future<List<Attempt>> burst : bursts) {
                    attempts.addAll(burst.get());
                }
            } finally {
                pool.shutdown();
            }
            long busy = attempts.stream()
                    .filter(a -> a.result().join().status() == AppendStatus.STORE_BUSY)
                    .count();
            assertTrue(busy > 0, "a queue of one cannot absorb a burst of 10,000 appends");
            assertAcceptedAreStored(store, attempts);
        }
    }

    private static List<Attempt> burst(MessageStore store, int thread) {
        List<Attempt> attempts = new ArrayList<>(PER_THREAD);
        for (int i = 0; i < PER_THREAD; i++) {
            int id = thread * PER_THREAD + i;
            FlushMode flush = i % 10 == 0 ? FlushMode.SYNC : FlushMode.ASYNC;
            attempts.add(new Attempt(
                    id,
                    store.append("burst", List.of("id-" + id), payload(id), flush)
                            .toCompletableFuture()));
        }
        return attempts;
    }

    private static void assertAcceptedAreStored(MessageStore store, List<Attempt> attempts) throws IOException {
        List<Attempt> accepted =
                attempts.stream().filter(a -> a.result().join().isOk()).toList();
        for (Attempt attempt : attempts) {
            AppendStatus status = attempt.result().join().status();
            assertTrue(status == AppendStatus.OK || status == AppendStatus.STORE_BUSY, status::toString);
        }
        assertEquals(accepted.size(), store.nextOffset("burst"));
        List<StoredRecord> records = store.read("burst", 0, Integer.MAX_VALUE);
        assertEquals(accepted.size(), records.size());
        for (Attempt attempt : accepted) {
            StoredRecord record = records.get((int) attempt.result().join().queueOffset());
            assertArrayEquals(payload(attempt.id()), record.body());
            assertEquals(List.of("id-" + attempt.id()), record.keys());
        }
    }

    private static byte[] payload(int id) {
        return ByteBuffer.allocate(36).putInt(id).put(body(id, 32)).array();
    }
}
