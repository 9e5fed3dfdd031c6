package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MessageStore#appendBatch}: one request, one completion, and records that are in every
 * way the ones single appends write: own queue offsets, keys, properties, CRCs; readable,
 * findable and recovered after a restart.
 */
class BatchAppendTest {

    @TempDir
    Path dir;

    @Test
    void aBatchIsAnsweredInOrderAndEachRecordIsStoredAsASingleAppendWouldBe() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertTrue(
                    TestStores.append(store, "a", body(-1, 10), FlushMode.SYNC).isOk());
            List<NewRecord> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(NewRecord.of(i % 2 == 0 ? "a" : "b", body(i, 100 + i))
                        .withKeys(List.of("id-" + i))
                        .withProperties(Map.of("n", Integer.toString(i))));
            }
            List<AppendResult> results = join(store.appendBatch(batch, FlushMode.SYNC));
            assertEquals(50, results.size());
            long previousLogOffset = -1;
            for (int i = 0; i < 50; i++) {
                AppendResult result = results.get(i);
                assertEquals(AppendStatus.OK, result.status(), "record " + i);
                assertEquals(i % 2 == 0 ? 1 + i / 2 : i / 2, result.queueOffset(), "record " + i);
                assertTrue(result.logOffset() > previousLogOffset, "written in the order given");
                previousLogOffset = result.logOffset();
                StoredRecord stored =
                        store.read(i % 2 == 0 ? "a" : "b", result.queueOffset()).orElseThrow();
                assertArrayEquals(body(i, 100 + i), stored.body());
                assertEquals(Integer.toString(i), stored.properties().get("n"));
                assertEquals(
                        stored, store.lookup(i % 2 == 0 ? "a" : "b", "id-" + i).get(0));
            }
            assertEquals(26, store.nextOffset("a"));
            assertEquals(25, store.nextOffset("b"));
            assertEquals(51, store.stats().appends());
        }
    }

    @Test
    void batchesSurviveCloseAndAProcessKill(@TempDir Path crashCopy) throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            for (int b = 0; b < 10; b++) {
                List<NewRecord> batch = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    batch.add(NewRecord.of("t", body(b * 100L + i, 300)).withKeys(List.of("k" + b + "-" + i)));
                }
                FlushMode flush = b % 2 == 0 ? FlushMode.SYNC : FlushMode.ASYNC;
                assertTrue(join(store.appendBatch(batch, flush)).stream().allMatch(AppendResult::isOk));
            }
            // 120 records of ~330 bytes in 4 KiB segments: batches cross segment boundaries.
            ReopenTest.copyTree(dir, crashCopy);
        }
        for (Path copy : List.of(dir, crashCopy)) {
            try (MessageStore store = MessageStore.open(TestStores.small(copy))) {
                assertEquals(120, store.recoveryReport().recordsRecovered(), copy.toString());
                List<StoredRecord> all = store.read("t", 0, 1000);
                assertEquals(120, all.size());
                for (int b = 0; b < 10; b++) {
                    for (int i = 0; i < 12; i++) {
                        assertArrayEquals(
                                body(b * 100L + i, 300), all.get(b * 12 + i).body());
                        assertEquals(
                                all.get(b * 12 + i),
                                store.lookup("t", "k" + b + "-" + i).get(0));
                    }
                }
            }
        }
    }

    @Test
    void aTooLargeRecordIsAnsweredInItsPlaceAndTheOthersAreStored() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            List<AppendResult> results = join(store.appendBatch(
                    List.of(
                            NewRecord.of("t", body(1, 10)),
                            NewRecord.of("t", new byte[4000]),
                            NewRecord.of("t", body(3, 10))),
                    FlushMode.ASYNC));
            assertEquals(AppendStatus.OK, results.get(0).status());
            assertEquals(AppendStatus.TOO_LARGE, results.get(1).status());
            assertEquals(-1, results.get(1).queueOffset());
            assertEquals(AppendStatus.OK, results.get(2).status());
            assertEquals(1, results.get(2).queueOffset());
            assertEquals(2, store.nextOffset("t"));

            List<AppendResult> allTooLarge =
                    join(store.appendBatch(List.of(NewRecord.of("t", new byte[4000])), FlushMode.SYNC));
            assertEquals(
                    List.of(AppendStatus.TOO_LARGE),
                    allTooLarge.stream().map(AppendResult::status).toList());
            assertEquals(List.of(), join(store.appendBatch(List.of(), FlushMode.SYNC)));
        }
    }

    @Test
    void aBadNameFailsTheWholeCallAndQueuesNothing() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> store.appendBatch(
                            List.of(NewRecord.of("t", body(1, 10)), NewRecord.of("bad topic", body(2, 10))),
                            FlushMode.SYNC));
            assertTrue(
                    TestStores.append(store, "t", body(3, 10), FlushMode.SYNC).isOk());
            assertEquals(1, store.nextOffset("t"), "the first record of the refused batch was not written");
        }
    }

    @Test
    void aBatchTakesOneSlotOfTheWriteQueueAndAFullQueueRefusesItWhole() throws IOException {
        StoreConfig config = TestStores.smallBuilder(dir).writeQueueCapacity(1).build();
        try (MessageStore store = MessageStore.open(config)) {
            List<NewRecord> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(NewRecord.of("t", body(i, 16)));
            }
            List<CompletableFuture<List<AppendResult>>> sent = new ArrayList<>();
            for (int b = 0; b < 200; b++) {
                sent.add(store.appendBatch(batch, FlushMode.ASYNC).toCompletableFuture());
            }
            long stored = 0;
            int busy = 0;
            for (CompletableFuture<List<AppendResult>> answer : sent) {
                List<AppendResult> results = answer.join();
                assertEquals(200, results.size());
                AppendStatus first = results.get(0).status();
                assertTrue(results.stream().allMatch(r -> r.status() == first), "a batch is taken or refused whole");
                if (first == AppendStatus.OK) {
                    stored += 200;
                } else {
                    assertEquals(AppendStatus.STORE_BUSY, first);
                    busy++;
                }
            }
            assertTrue(stored >= 200, "the first batch finds the queue empty");
            assertTrue(busy > 0, "a queue of one slot refuses a burst of 200 batches in part");
            assertEquals(stored, store.nextOffset("t"));
        }
    }

    @Test
    void aBatchAfterCloseIsAnsweredClosedInEveryPlace() throws IOException {
        MessageStore store = MessageStore.open(TestStores.small(dir));
        store.close();
        List<AppendResult> results = join(store.appendBatch(
                List.of(NewRecord.of("t", body(1, 10)), NewRecord.of("t", body(2, 10))), FlushMode.SYNC));
        assertEquals(
                List.of(AppendStatus.CLOSED, AppendStatus.CLOSED),
                results.stream().map(AppendResult::status).toList());
    }

    @Test
    void delayedRecordsInABatchWaitForTheirTime() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            long due = System.currentTimeMillis() + 300;
            List<AppendResult> results = join(store.appendBatch(
                    List.of(
                            NewRecord.of("t", body(1, 10)),
                            NewRecord.of("t", body(2, 10)).withDeliverAt(due)),
                    FlushMode.SYNC));
            assertTrue(results.stream().allMatch(AppendResult::isOk));
            assertEquals(1, store.nextOffset("t"), "the delayed one is not in its topic yet");
            TestStores.await(Duration.ofSeconds(10), () -> store.nextOffset("t") == 2, () -> "delayed record due");
            assertTrue(System.currentTimeMillis() >= due);
        }
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
