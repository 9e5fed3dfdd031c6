package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers tailing a topic while it is written see every record once, in order, never a torn one. */
class ConcurrentReadTest {

    private static final int RECORDS = 3000;

    @TempDir
    Path dir;

    @Test
    void tailingReadersSeeEveryRecordInOrder() throws Exception {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Integer>> readers = List.of(pool.submit(() -> tail(store)), pool.submit(() -> tail(store)));
                List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
                for (int i = 0; i < RECORDS; i++) {
                    FlushMode flush = i % 100 == 0 ? FlushMode.SYNC : FlushMode.ASYNC;
                    appends.add(store.append("tail", List.of(), body(i, 40 + i % 200), flush)
                            .toCompletableFuture());
                    if (appends.size() % 500 == 0) {
                        appends.get(appends.size() - 1).join(); // stay under the write queue's capacity
                    }
                }
                appends.forEach(CompletableFuture::join);
                for (Future<Integer> reader : readers) {
                    assertEquals(RECORDS, reader.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static int tail(MessageStore store) throws Exception {
        int next = 0;
        while (next < RECORDS) {
            List<StoredRecord> records = store.read("tail", next, 64);
            if (records.isEmpty()) {
                Thread.onSpinWait();
            }
            for (StoredRecord record : records) {
                assertEquals(next, record.queueOffset());
                assertArrayEquals(body(next, 40 + next % 200), record.body());
                next++;
            }
        }
        return next;
    }
}
