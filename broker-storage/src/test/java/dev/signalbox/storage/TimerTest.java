package dev.signalbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delayed records: held back, then appended to their topic once due, once, across a reopen. */
class TimerTest {

    @TempDir
    Path dir;

    @Test
    void aDelayedRecordLandsInItsTopicWhenDueWithItsKeysAndProperties() throws Exception {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            long due = System.currentTimeMillis() + 700;
            NewRecord delayed = NewRecord.of("later", TestStores.utf8("hello"))
                    .withKeys(List.of("order-1"))
                    .withProperties(Map.of("tag", "blue"))
                    .withDeliverAt(due);
            AppendResult result =
                    store.append(delayed, FlushMode.SYNC).toCompletableFuture().join();
            assertTrue(result.isOk());
            assertEquals(0, store.nextOffset("later"), "not in its topic before it is due");
            TestStores.await(Duration.ofSeconds(10), () -> store.nextOffset("later") == 1, () -> "delivery");
            StoredRecord landed = store.read("later", 0).orElseThrow();
            assertTrue(landed.storeTimestamp() >= due, "never early");
            assertEquals(List.of("order-1"), landed.keys());
            assertEquals("blue", landed.properties().get("tag"));
            assertEquals(Long.toString(due), landed.properties().get("__deliverAt"));
            assertEquals(landed, store.lookup("later", "order-1").get(0));
            TestStores.await(Duration.ofSeconds(5), () -> store.stats().timerDelivered() == 1, () -> "counted");
        }
    }

    @Test
    void aRecordDueNowOrInThePastGoesStraightToItsTopic() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            NewRecord past = NewRecord.of("now", new byte[3]).withDeliverAt(1);
            AppendResult result =
                    store.append(past, FlushMode.ASYNC).toCompletableFuture().join();
            assertEquals(0, result.queueOffset());
            assertEquals(1, store.nextOffset("now"));
        }
    }

    @Test
    void reservedNamesAreRefused() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> store.append(NewRecord.of("__timer", new byte[1]), FlushMode.ASYNC));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> store.append(
                            NewRecord.of("t", new byte[1]).withProperties(Map.of("__deliverAt", "1")),
                            FlushMode.ASYNC));
        }
    }

    @Test
    void delayedRecordsSurviveAReopenAndAreDeliveredOnce() throws Exception {
        long start = System.currentTimeMillis();
        Map<Integer, Long> dueTimes = new HashMap<>();
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            for (int i = 0; i < 200; i++) {
                long due = start + 300 + i * 10L;
                dueTimes.put(i, due);
                NewRecord record = NewRecord.of(
                                "delayed", ByteBuffer.allocate(4).putInt(i).array())
                        .withDeliverAt(due);
                assertTrue(store.append(record, FlushMode.ASYNC)
                        .toCompletableFuture()
                        .join()
                        .isOk());
            }
            TestStores.await(Duration.ofSeconds(10), () -> store.nextOffset("delayed") >= 50, () -> "first deliveries");
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            TestStores.await(
                    Duration.ofSeconds(20),
                    () -> store.nextOffset("delayed") >= 200,
                    () -> store.nextOffset("delayed") + " delivered");
            List<StoredRecord> landed = store.read("delayed", 0, 1000);
            assertEquals(200, landed.size(), "each delayed record once");
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (StoredRecord record : landed) {
                int id = ByteBuffer.wrap(record.body()).getInt();
                assertTrue(seen.add(id), "delivered twice: " + id);
                assertTrue(record.storeTimestamp() >= dueTimes.get(id), "early: " + id);
            }
        }
    }

    @Test
    void aDelayedRecordACrashCutFromTheLogIsSkippedAndDoesNotStopTheTimer() throws Exception {
        // Due well after the first store closes: TimerLog deletes a file once the seconds its
        // entries wait for have passed, and a record delivered before the "crash" would not test
        // the skip (both happened within an 800 ms window on a loaded machine).
        long lostDue = System.currentTimeMillis() + 5_000;
        long lostAt;
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            lostAt = store.append(NewRecord.of("later", new byte[40]).withDeliverAt(lostDue), FlushMode.ASYNC)
                    .toCompletableFuture()
                    .join()
                    .logOffset();
            // The timer enqueued it: its log's first entry (prev, slot second, deliverAt, ...) holds the due time.
            Path timerLog = dir.resolve("timer").resolve("log").resolve("00000000000000000000");
            TestStores.await(Duration.ofSeconds(10), () -> firstTimerEntryDue(timerLog) == lostDue, () -> "enqueued");
        }
        // A power cut: the ASYNC append had not reached the disk; the timer's files had (they are
        // fsynced apart from the log).
        LogSurgery.cutLogAt(dir, lostAt);
        TestStores.forgetCheckpointAndCrash(dir);
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            // Due after the lost record's entry, so the timer meets that entry first.
            long due = Math.max(lostDue, System.currentTimeMillis()) + 1500;
            AppendResult next = store.append(NewRecord.of("later", new byte[80]).withDeliverAt(due), FlushMode.SYNC)
                    .toCompletableFuture()
                    .join();
            assertEquals(lostAt, next.logOffset(), "the next record takes the lost one's place in the log");
            TestStores.await(
                    Duration.ofSeconds(30), () -> store.nextOffset("later") == 1, () -> "the new delayed record");
            StoredRecord landed = store.read("later", 0).orElseThrow();
            assertEquals(80, landed.body().length);
            assertTrue(landed.storeTimestamp() >= due, "never early");
            TestStores.await(Duration.ofSeconds(5), () -> store.stats().timerDelivered() == 1, () -> "counted");
            assertEquals(1, store.nextOffset("later"), "the lost record's entry delivered nothing");
        }
    }

    private static long firstTimerEntryDue(Path timerLog) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(timerLog)) {
            ByteBuffer entry = ByteBuffer.allocate(24);
            channel.read(entry, 0);
            return entry.getLong(16);
        } catch (IOException e) {
            return -1;
        }
    }
}
