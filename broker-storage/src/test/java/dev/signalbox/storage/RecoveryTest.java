package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.append;
import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.storage.LogModel.Written;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {

    private static final List<String> TOPICS = List.of("orders", "payments");

    @TempDir
    Path dir;

    private LogModel model;

    @BeforeEach
    void write() throws IOException {
        model = LogModel.write(dir, 40, TOPICS, 3);
        assertTrue(TestStores.segments(dir).size() > 2);
    }

    @Test
    void cutsATornTailRecordAndContinuesAfterIt() throws IOException {
        Written last = model.records.get(model.records.size() - 1);
        LogSurgery.cutLogAt(dir, last.logOffset() + 17);
        List<Written> complete = model.records.subList(0, model.records.size() - 1);
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            RecoveryReport report = store.recoveryReport();
            assertEquals(39, report.recordsRecovered());
            assertEquals(17, report.bytesTruncated());
            assertTrue(
                    report.truncatedReason().contains("torn record at log offset " + last.logOffset()),
                    report::toString);
            LogModel.assertHolds(store, complete, TOPICS);
            AppendResult next = append(store, last.topic(), body(7, 50), FlushMode.SYNC);
            assertEquals(last.queueOffset(), next.queueOffset(), "the cut record's queue offset is reused");
            assertEquals(last.logOffset(), next.logOffset());
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(new RecoveryReport(40, 0, "", true), store.recoveryReport());
            assertArrayEquals(
                    body(7, 50),
                    store.read(last.topic(), last.queueOffset()).orElseThrow().body());
        }
    }

    @Test
    void cutsGarbageAfterTheLastRecord() throws IOException {
        byte[] garbage = new byte[300];
        new Random(42).nextBytes(garbage);
        LogSurgery.appendBytes(TestStores.lastSegment(dir), garbage);
        assertRecoversAllAndCut(300, "at log offset " + model.end());
    }

    @Test
    void cutsZerosAfterTheLastRecord() throws IOException {
        LogSurgery.appendBytes(TestStores.lastSegment(dir), new byte[1000]);
        assertRecoversAllAndCut(1000, "bad magic 0x00000000 at log offset " + model.end());
    }

    @Test
    void cutsAFewTrailingBytesTooShortForAHeader() throws IOException {
        LogSurgery.appendBytes(TestStores.lastSegment(dir), new byte[] {0x5B, 0x0C, 0});
        assertRecoversAllAndCut(3, "torn record header at log offset " + model.end());
    }

    private void assertRecoversAllAndCut(long bytes, String reasonPart) throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            RecoveryReport report = store.recoveryReport();
            assertEquals(40, report.recordsRecovered());
            assertEquals(bytes, report.bytesTruncated());
            assertTrue(report.truncatedReason().contains(reasonPart), report::toString);
            LogModel.assertHolds(store, model.records, TOPICS);
            long next = store.nextOffset("orders");
            assertEquals(
                    next, append(store, "orders", body(1, 64), FlushMode.ASYNC).queueOffset());
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(new RecoveryReport(41, 0, "", true), store.recoveryReport());
        }
    }

    @Test
    void cutsFromARecordWithAFlippedByteInTheLastSegment() throws IOException {
        Path last = TestStores.lastSegment(dir);
        long middle = TestStores.segmentBase(last) + Files.size(last) / 2;
        Written corrupt = model.at(middle);
        long inBody = Math.max(middle, corrupt.logOffset() + 60);
        LogSurgery.flipLogByte(dir, inBody);
        assertCutAt(corrupt, "CRC mismatch at log offset " + corrupt.logOffset());
    }

    @Test
    void cutsEveryLaterSegmentWhenAnEarlySegmentIsCorrupt() throws IOException {
        Written corrupt = model.records.get(2);
        LogSurgery.flipLogByte(dir, corrupt.logOffset() + 3);
        assertCutAt(corrupt, "bad magic");
        assertEquals(1, TestStores.segments(dir).size());
    }

    @Test
    void cutsTheLogWhereAMissingSegmentLeavesAGap() throws IOException {
        List<Path> segments = TestStores.segments(dir);
        Path missing = segments.get(1);
        Written firstLost = model.at(TestStores.segmentBase(missing));
        Files.delete(missing);
        assertCutAt(firstLost, "does not start where the log ends");
    }

    private void assertCutAt(Written corrupt, String reasonPart) throws IOException {
        List<Written> kept = model.startingBefore(corrupt.logOffset());
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            RecoveryReport report = store.recoveryReport();
            assertEquals(kept.size(), report.recordsRecovered());
            assertTrue(report.truncatedReason().contains(reasonPart), report::toString);
            LogModel.assertHolds(store, kept, TOPICS);
            assertTrue(store.lookup(corrupt.topic(), "id-" + model.records.indexOf(corrupt))
                    .isEmpty());
        }
    }

    @Test
    void refusesALogWhoseFirstSegmentIsMissing() throws IOException {
        Files.delete(TestStores.segments(dir).get(0));
        assertThrows(IOException.class, () -> MessageStore.open(TestStores.small(dir)));
        assertFalse(Files.exists(dir.resolve("abort")), "a failed open leaves the clean marker as it was");
        assertThrows(IOException.class, () -> MessageStore.open(TestStores.small(dir)), "and releases the lock");
    }

    @Test
    void rebuildsADeletedConsumeQueue() throws IOException {
        Files.delete(TestStores.consumeQueue(dir, "orders"));
        assertConsumeQueuesRepaired();
    }

    @Test
    void rebuildsATruncatedConsumeQueue() throws IOException {
        LogSurgery.truncate(TestStores.consumeQueue(dir, "payments"), 12 * 4 + 7);
        assertConsumeQueuesRepaired();
    }

    @Test
    void rewritesAWrongEntryAndCutsExtraEntries() throws IOException {
        LogSurgery.flipByte(TestStores.consumeQueue(dir, "orders"), 12 * 3 + 5);
        LogSurgery.appendBytes(TestStores.consumeQueue(dir, "payments"), new byte[12 * 5]);
        assertConsumeQueuesRepaired();
        assertEquals(
                12L
                        * model.endingBy(Long.MAX_VALUE).stream()
                                .filter(w -> w.topic().equals("payments"))
                                .count(),
                Files.size(TestStores.consumeQueue(dir, "payments")));
    }

    @Test
    void deletesTheQueueOfATopicTheLogDoesNotHold() throws IOException {
        Files.write(TestStores.consumeQueue(dir, "ghost"), new byte[24]);
        assertConsumeQueuesRepaired();
        assertFalse(Files.exists(TestStores.consumeQueue(dir, "ghost")));
    }

    private void assertConsumeQueuesRepaired() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(new RecoveryReport(40, 0, "", true), store.recoveryReport());
            LogModel.assertHolds(store, model.records, TOPICS);
            assertEquals(0, store.nextOffset("ghost"));
        }
    }
}
