package dev.signalbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timer bound: 10,000 delayed records with delays spread over 0–60 s land in their
 * topic within one second of their due time, never before it, each exactly once, with the store
 * closed and reopened half-way through. The only timed assertion of the module, by design.
 */
class TimerIT {

    private static final int RECORDS = 10_000;
    private static final long SPREAD_MILLIS = 60_000;
    private static final long BOUND_MILLIS = 1_000;

    @TempDir
    Path dir;

    @Test
    void tenThousandDelayedRecordsLandWithinASecondOfTheirDueTimeAcrossARestart() throws Exception {
        StoreConfig config = TestStores.smallBuilder(dir)
                .segmentBytes(1 << 20)
                .queueFileEntries(4096)
                .indexSlots(4096)
                .indexEntries(16384)
                .timerLogFileEntries(4096)
                .build();
        long start = System.currentTimeMillis();
        Random random = new Random(60);
        MessageStore store = MessageStore.open(config);
        try {
            List<CompletableFuture<AppendResult>> appended = new ArrayList<>(RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                // The delay counts from the append: a due time set before the producer got round to
                // appending could not be met by any store.
                long due = System.currentTimeMillis() + (long) (random.nextDouble() * SPREAD_MILLIS);
                byte[] body = ByteBuffer.allocate(12).putInt(i).putLong(due).array();
                appended.add(store.append(NewRecord.of("delayed", body).withDeliverAt(due), FlushMode.ASYNC)
                        .toCompletableFuture());
                if (i % 1000 == 999) {
                    appended.get(i).join(); // stay under the write queue's capacity
                }
            }
            for (CompletableFuture<AppendResult> result : appended) {
                assertTrue(result.join().isOk());
            }
            MessageStore first = store;
            TestStores.await(
                    Duration.ofSeconds(45),
                    () -> System.currentTimeMillis() >= start + SPREAD_MILLIS / 2,
                    () -> "half-way");
            long delivered = first.nextOffset("delayed");
            long restartFrom = System.currentTimeMillis();
            store.close();
            store = MessageStore.open(config);
            long restartTo = System.currentTimeMillis();
            assertTrue(delivered > RECORDS / 4 && delivered < RECORDS * 3 / 4, "restarted mid-way: " + delivered);
            MessageStore second = store;
            TestStores.await(
                    Duration.ofSeconds(60),
                    () -> second.nextOffset("delayed") >= RECORDS,
                    () -> second.nextOffset("delayed") + " of " + RECORDS + " delivered");
            assertLandedOnTime(second.read("delayed", 0, 2 * RECORDS), restartFrom, restartTo);
        } finally {
            store.close();
        }
    }

    private static void assertLandedOnTime(List<StoredRecord> landed, long restartFrom, long restartTo) {
        long worstAwayFromRestart = Long.MIN_VALUE;
        assertEquals(RECORDS, landed.size(), "each delayed record exactly once");
        BitSet seen = new BitSet(RECORDS);
        long worst = Long.MIN_VALUE;
        for (StoredRecord record : landed) {
            ByteBuffer body = ByteBuffer.wrap(record.body());
            int id = body.getInt();
            long due = body.getLong();
            assertTrue(!seen.get(id), "record " + id + " delivered twice");
            seen.set(id);
            long late = record.storeTimestamp() - due;
            assertTrue(late >= 0, "record " + id + " landed " + -late + " ms early");
            worst = Math.max(worst, late);
            if (due < restartFrom || due > restartTo + BOUND_MILLIS) {
                worstAwayFromRestart = Math.max(worstAwayFromRestart, late);
            }
        }
        assertTrue(worst < BOUND_MILLIS, "the latest record landed " + worst + " ms after its due time");
        System.out.println("TimerIT: " + landed.size() + " delayed records, worst lateness " + worst
                + " ms; restart took " + (restartTo - restartFrom) + " ms; worst for records not due around it "
                + worstAwayFromRestart + " ms");
    }
}
