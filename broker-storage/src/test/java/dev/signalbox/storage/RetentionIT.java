package dev.signalbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention deletes whole segments while appends go on, and readers of deleted offsets get a
 * clear answer: {@code OFFSET_GONE} with the earliest offset still held.
 */
class RetentionIT {

    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private StoreConfig bySize() {
        return TestStores.smallBuilder(dir)
                .segmentBytes(SEGMENT)
                .preTouchBytes(SEGMENT)
                .queueFileEntries(256)
                .indexEntries(1024)
                .retentionBytes(6L * SEGMENT)
                .retentionCheckInterval(Duration.ofMillis(20))
                .build();
    }

    @Test
    void sizeRetentionDeletesOldSegmentsWhileAppendsAndReadsGoOn() throws Exception {
        int records = 20_000;
        AtomicLong goneAnswers = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (MessageStore store = MessageStore.open(bySize())) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Long> reader = pool.submit(() -> readBehind(store, writing, goneAnswers));
                List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    byte[] body = ByteBuffer.allocate(200).putInt(i).array();
                    FlushMode flush = i % 50 == 0 ? FlushMode.SYNC : FlushMode.ASYNC;
                    appends.add(store.append("t", List.of("k" + i), body, flush).toCompletableFuture());
                    if (i % 500 == 499) {
                        appends.get(i).join();
                    }
                }
                for (CompletableFuture<AppendResult> append : appends) {
                    assertEquals(AppendStatus.OK, append.join().status(), "appends never wait on retention");
                }
                TestStores.await(
                        Duration.ofSeconds(20),
                        () -> TestStores.segments(dir).size()
                                <= 6, // retentionBytes, the pre-allocated segment included
                        () -> TestStores.segments(dir).size() + " segments left");
                writing.set(false);
                assertTrue(reader.get() > 0, "the reader read records");
            } finally {
                pool.shutdown();
            }
            assertTrue(store.stats().segmentsDeleted() > 30, store.stats()::toString);
            long earliest = store.earliestOffset("t");
            assertTrue(earliest > records / 2 && earliest < records, "earliest " + earliest);
            ReadResult gone = store.fetch("t", 0, 0, 10);
            assertEquals(new ReadResult(ReadStatus.OFFSET_GONE, List.of(), earliest, records), gone);
            OffsetGoneException e = assertThrows(OffsetGoneException.class, () -> store.read("t", 5, 1));
            assertEquals(earliest, e.earliestOffset());
            assertEquals(List.of(), store.lookup("t", "k5"), "the index forgets deleted records");
            assertEquals(earliest, store.read("t", earliest).orElseThrow().queueOffset());
            assertEquals(1, store.lookup("t", "k" + (records - 1)).size());
            assertTrue(goneAnswers.get() > 0, "the reader was overtaken by retention and told so");
        }
        try (MessageStore store = MessageStore.open(bySize())) {
            long earliest = store.earliestOffset("t");
            assertTrue(earliest > 0);
            assertEquals(
                    ReadStatus.OFFSET_GONE, store.fetch("t", 0, earliest - 1, 1).status());
            assertEquals(records, store.nextOffset("t"));
            assertEquals(
                    records,
                    TestStores.append(store, "t", new byte[8], FlushMode.SYNC).queueOffset());
        }
    }

    /** Reads records far behind the writer; an OFFSET_GONE makes it jump to the earliest offset. */
    private static long readBehind(MessageStore store, AtomicBoolean writing, AtomicLong goneAnswers) throws Exception {
        long next = 0;
        long read = 0;
        while (writing.get()) {
            ReadResult result = store.fetch("t", 0, next, 20);
            if (result.isGone()) {
                assertTrue(result.earliestOffset() > next);
                goneAnswers.incrementAndGet();
                next = result.earliestOffset();
                continue;
            }
            for (StoredRecord record : result.records()) {
                assertEquals(next, record.queueOffset());
                assertEquals((int) next, ByteBuffer.wrap(record.body()).getInt());
                next++;
                read++;
            }
            // a slow reader: it falls behind retention on purpose
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
        }
        return read;
    }

    @Test
    void ageRetentionDeletesSegmentsOlderThanTheLimit() throws Exception {
        StoreConfig config = TestStores.smallBuilder(dir)
                .segmentBytes(SEGMENT)
                .retentionAge(Duration.ofMillis(300))
                .retentionCheckInterval(Duration.ofMillis(20))
                .build();
        try (MessageStore store = MessageStore.open(config)) {
            for (int i = 0; i < 1000; i++) {
                TestStores.append(store, "aged", new byte[300], FlushMode.ASYNC);
            }
            assertTrue(TestStores.segments(dir).size() > 4);
            TestStores.await(
                    Duration.ofSeconds(10),
                    () -> earliest(store, "aged") > 900,
                    () -> "earliest " + earliest(store, "aged"));
            assertEquals(ReadStatus.OFFSET_GONE, store.fetch("aged", 0, 0, 1).status());
        }
    }

    @Test
    void aTopicTtlHidesOlderRecordsOfThatTopicOnly() throws Exception {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            store.setTopicTtl("short", Optional.of(Duration.ofMillis(300)));
            for (int i = 0; i < 10; i++) {
                TestStores.append(store, "short", new byte[10], FlushMode.ASYNC, "s" + i);
                TestStores.append(store, "long", new byte[10], FlushMode.ASYNC, "l" + i);
            }
            TestStores.await(Duration.ofSeconds(10), () -> earliest(store, "short") == 10, () -> "TTL expiry");
            assertEquals(new ReadResult(ReadStatus.OFFSET_GONE, List.of(), 10, 10), store.fetch("short", 0, 3, 5));
            assertEquals(List.of(), store.lookup("short", "s3"));
            assertEquals(0, store.earliestOffset("long"));
            assertEquals(10, store.read("long", 0, 100).size());
            assertEquals(
                    10,
                    TestStores.append(store, "short", new byte[1], FlushMode.SYNC)
                            .queueOffset());
            assertEquals(1, store.read("short", 10, 10).size());
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(10, store.earliestOffset("short"), "the TTL is durable");
            store.setTopicTtl("short", Optional.empty());
            assertEquals(0, store.earliestOffset("short"), "without a TTL the records are back until retention");
        }
    }

    private static long earliest(MessageStore store, String topic) {
        try {
            return store.earliestOffset(topic);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
