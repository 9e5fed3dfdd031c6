package dev.signalbox.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.signalbox.storage.file.CheckpointFile;
import dev.signalbox.storage.queue.ConsumeQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OS crash or power cut can leave a ConsumeQueue or index file with a page that never reached
 * the disk (zeros) beside pages that did, in the part the checkpoint does not cover: the kernel
 * writes dirty pages back in no promised order, and the disk's cache may reorder them too. Both
 * files are derived from the log, so recovery must repair them from it, never cut the log because
 * of them, and keep every record before the checkpoint readable and findable.
 */
class LostPageRecoveryTest {

    private static final int RECORDS = 600;
    private static final int ENTRIES_PER_FILE = 1024; // 20 KiB: five 4 KiB pages
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    private StoreConfig config() {
        return TestStores.smallBuilder(dir)
                .segmentBytes(16384)
                .queueFileEntries(ENTRIES_PER_FILE)
                .build();
    }

    @Test
    void aQueuePageLostAfterTheCheckpointIsRepairedAndTheLogKeepsEveryRecord() throws IOException {
        List<AppendResult> acks = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config())) {
            for (int i = 0; i < RECORDS; i++) {
                acks.add(TestStores.append(store, "orders", TestStores.body(i, 100), FlushMode.SYNC));
            }
        }
        // The crash: the log is whole (every append was fsynced), the checkpoint last said the queue
        // was fsynced up to the record whose entry straddles the queue file's first and second pages,
        // and the second page (the end of entry 204, entries 205 to 408) never reached the disk while
        // the third one did.
        int firstLost = PAGE / ConsumeQueue.ENTRY_BYTES;
        long checkpointAt = acks.get(firstLost).logOffset();
        try (CheckpointFile checkpoint = CheckpointFile.open(dir.resolve("checkpoint"), 3)) {
            checkpoint.write(checkpointAt, checkpointAt, System.currentTimeMillis());
        }
        Path queueFile = TestStores.consumeQueueDir(dir, "orders").resolve("00000000000000000000");
        LogSurgery.writeAt(queueFile, PAGE, new byte[PAGE]);
        Files.createFile(dir.resolve("abort"));

        try (MessageStore store = MessageStore.open(config())) {
            RecoveryReport report = store.recoveryReport();
            assertFalse(report.isTruncated(), report::toString);
            assertEquals(RECORDS, store.nextOffset("orders"), report::toString);
            for (int i = 0; i < RECORDS; i++) {
                StoredRecord record = store.read("orders", i).orElseThrow(() -> new AssertionError(report.toString()));
                assertEquals(acks.get(i).logOffset(), record.logOffset(), "record " + i);
                assertArrayEquals(TestStores.body(i, 100), record.body(), "record " + i);
            }
        }
    }

    @Test
    void anIndexPageLostAfterTheCheckpointKeepsEveryEarlierKeyFindable() throws IOException {
        // 64 slots and room for 1,024 entries: the header and slots and entries 1 to 157 lie in the
        // file's first page, entries 158 to 328 in its second.
        StoreConfig config = TestStores.smallBuilder(dir)
                .segmentBytes(16384)
                .indexSlots(64)
                .indexEntries(1024)
                .build();
        int records = 300;
        List<AppendResult> acks = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config)) {
            for (int i = 0; i < records; i++) {
                acks.add(TestStores.append(store, "orders", TestStores.body(i, 100), FlushMode.SYNC, "id-" + i));
            }
        }
        // The crash: the index was last fsynced with entries 1 to 157 (records 0 to 156); then its
        // first page (the slots, pointing at entries up to 300) reached the disk and its second page
        // (the end of entry 158, entries 159 to 300) did not.
        int firstLost = 157;
        long checkpointAt = acks.get(firstLost).logOffset();
        try (CheckpointFile checkpoint = CheckpointFile.open(dir.resolve("checkpoint"), 3)) {
            checkpoint.write(checkpointAt, checkpointAt, System.currentTimeMillis());
        }
        LogSurgery.writeAt(dir.resolve("index").resolve("00000000000000000000"), PAGE, new byte[PAGE]);
        Files.createFile(dir.resolve("abort"));

        try (MessageStore store = MessageStore.open(config)) {
            RecoveryReport report = store.recoveryReport();
            assertFalse(report.isTruncated(), report::toString);
            for (int i = 0; i < records; i++) {
                List<StoredRecord> found = store.lookup("orders", "id-" + i);
                assertEquals(1, found.size(), "id-" + i + " " + report);
                assertEquals(acks.get(i).logOffset(), found.get(0).logOffset(), "id-" + i);
            }
        }
    }

    @Test
    void recordsAfterALostRunOfPagesLongerThanARecordNeverComeBack() throws IOException {
        StoreConfig config = TestStores.smallBuilder(dir).segmentBytes(16384).build(); // records up to 2 KiB
        List<AppendResult> acks = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config)) {
            for (int i = 0; i < 100; i++) {
                acks.add(TestStores.append(store, "orders", TestStores.body(i, 100), FlushMode.ASYNC));
            }
        }
        // The crash: the log's third page (4 KiB, longer than any record) never reached the disk,
        // the pages after it did. The record it tore is cut; the records after it were acknowledged
        // ASYNC, which an OS crash may lose, and they must stay lost.
        LogSurgery.writeLogAt(dir, 2L * PAGE, new byte[PAGE]);
        TestStores.forgetCheckpointAndCrash(dir);
        int torn = (int) (2L * PAGE / (acks.get(1).logOffset() - acks.get(0).logOffset()));
        long pastTheRun = 3L * PAGE;
        int firstWhole = torn;
        while (acks.get(firstWhole).logOffset() < pastTheRun) {
            firstWhole++;
        }
        try (MessageStore store = MessageStore.open(config)) {
            RecoveryReport report = store.recoveryReport();
            assertEquals(torn, store.nextOffset("orders"), report::toString);
            assertEquals(acks.get(torn).logOffset(), store.stats().logEnd(), report::toString);
            // New appends of the same size fill the lost run exactly up to the first whole old record.
            for (int i = torn; i < firstWhole; i++) {
                assertEquals(
                        acks.get(i).logOffset(),
                        TestStores.append(store, "orders", TestStores.body(1000 + i, 100), FlushMode.SYNC)
                                .logOffset());
            }
        }
        try (MessageStore store = MessageStore.open(config)) {
            assertEquals(firstWhole, store.nextOffset("orders"), store.recoveryReport()::toString);
            assertFalse(store.read("orders", firstWhole).isPresent());
        }
    }
}
