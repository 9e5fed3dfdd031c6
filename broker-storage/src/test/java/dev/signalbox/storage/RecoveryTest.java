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
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
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
    void aCleanReopenTrustsTheCheckpointAndVerifiesNothing() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            RecoveryReport report = store.recoveryReport();
            assertTrue(report.cleanShutdown());
            assertEquals(40, report.recordsRecovered());
            assertEquals(0, report.recordsVerified());
            assertEquals(model.end(), report.verifiedFrom());
            assertFalse(report.isTruncated());
            LogModel.assertHolds(store, model.records, TOPICS);
        }
    }

    @Test
    void cutsATornTailRecordAndContinuesAfterIt() throws IOException {
        Written last = model.records.get(model.records.size() - 1);
        LogSurgery.cutLogAt(dir, last.logOffset() + 17);
        TestStores.forgetCheckpointAndCrash(dir);
        List<Written> complete = model.records.subList(0, model.records.size() - 1);
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            RecoveryReport report = store.recoveryReport();
            assertFalse(report.cleanShutdown());
            assertEquals(39, report.recordsRecovered());
            assertEquals(39, report.recordsVerified());
            assertTrue(report.bytesTruncated() > 0 && report.bytesTruncated() <= 17, report::toString);
            assertTrue(report.truncatedReason().contains("at log offset " + last.logOffset()), report::toString);
            LogModel.assertHolds(store, complete, TOPICS);
            AppendResult next = append(store, last.topic(), body(7, 50), FlushMode.SYNC);
            assertEquals(last.queueOffset(), next.queueOffset(), "the cut record's queue offset is reused");
            assertEquals(last.logOffset(), next.logOffset());
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertTrue(store.recoveryReport().cleanShutdown());
            assertEquals(40, store.recoveryReport().recordsRecovered());
            assertArrayEquals(
                    body(7, 50),
                    store.read(last.topic(), last.queueOffset()).orElseThrow().body());
        }
    }

    @Test
    void cutsGarbageAfterTheLastRecordEvenAfterACleanStop() throws IOException {
        byte[] garbage = new byte[300];
        new Random(42).nextBytes(garbage);
        garbage[garbage.length - 1] = 1;
        LogSurgery.writeLogAt(dir, model.end(), garbage);
        assertRecoversAllAndCut(300, "at log offset " + model.end());
    }

    @Test
    void cutsAFewTrailingBytesTooShortForAHeader() throws IOException {
        LogSurgery.writeLogAt(dir, model.end(), new byte[] {0x5B, 0x0C, 0});
        assertRecoversAllAndCut(2, "bad magic 0x5b0c0000 at log offset " + model.end());
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
            assertEquals(41, store.recoveryReport().recordsRecovered());
            assertFalse(store.recoveryReport().isTruncated());
        }
    }

    @Test
    void aCrashVerifiesTheCheckpointSegmentAndCutsFromAFlippedByteInIt() throws IOException {
        Path last = lastSegmentWithData();
        long base = TestStores.segmentBase(last);
        Written corrupt = model.at(base + (model.end() - base) / 2);
        LogSurgery.flipLogByte(dir, corrupt.logOffset() + 60);
        Files.createFile(dir.resolve("abort")); // a crash, the checkpoint kept
        List<Written> kept = model.startingBefore(corrupt.logOffset());
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            RecoveryReport report = store.recoveryReport();
            assertEquals(base, report.verifiedFrom(), "verification starts at the checkpoint's segment");
            assertEquals(kept.size(), report.recordsRecovered());
            assertEquals(model.end() - corrupt.logOffset(), report.bytesTruncated());
            assertTrue(
                    report.truncatedReason()
                            .contains("CRC mismatch (a torn or corrupt record) at log offset " + corrupt.logOffset()),
                    report::toString);
            LogModel.assertHolds(store, kept, TOPICS);
            assertTrue(store.lookup(corrupt.topic(), "id-" + model.records.indexOf(corrupt))
                    .isEmpty());
        }
    }

    @Test
    void cutsEveryLaterSegmentWhenAnEarlySegmentIsCorrupt() throws IOException {
        Written corrupt = model.records.get(2);
        LogSurgery.flipLogByte(dir, corrupt.logOffset() + 3);
        TestStores.forgetCheckpointAndCrash(dir);
        assertCutAt(corrupt, "bad magic");
        assertEquals(2, TestStores.segments(dir).size(), "the cut segment and the pre-allocated next one");
    }

    @Test
    void cutsTheLogWhereAMissingSegmentLeavesAGap() throws IOException {
        List<Path> segments = TestStores.segments(dir);
        Path missing = segments.get(1);
        Written firstLost = model.at(TestStores.segmentBase(missing));
        Files.delete(missing);
        TestStores.forgetCheckpointAndCrash(dir);
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
            for (Written lost : model.records.subList(kept.size(), model.records.size())) {
                assertTrue(store.lookup(lost.topic(), "id-" + model.records.indexOf(lost))
                        .isEmpty());
            }
        }
    }

    @Test
    void refusesALogInTheWalkingSkeletonFormat() throws IOException {
        LogSurgery.writeAt(
                TestStores.segments(dir).get(0),
                0,
                ByteBuffer.allocate(4).putInt(0x5B0C0001).array());
        IOException e = assertThrows(IOException.class, () -> MessageStore.open(TestStores.small(dir)));
        assertTrue(e.getMessage().contains("earlier Signalbox record format"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("abort")), "a failed open leaves the clean marker as it was");
    }

    @Test
    void rebuildsADeletedConsumeQueue() throws IOException {
        deleteTree(TestStores.consumeQueueDir(dir, "orders"));
        assertConsumeQueuesRepaired(1);
    }

    @Test
    void rebuildsAQueueWhoseLastEntryPointsAtTheWrongRecord() throws IOException {
        Path queueFile = TestStores.consumeQueueDir(dir, "payments").resolve("00000000000000000000");
        long payments =
                model.records.stream().filter(w -> w.topic().equals("payments")).count();
        LogSurgery.flipByte(queueFile, 20 * (payments - 1) + 7);
        assertConsumeQueuesRepaired(1);
    }

    @Test
    void rebuildsAQueueFoundBehindTheLogAfterACrash() throws IOException {
        long verifiedFrom = TestStores.segmentBase(lastSegmentWithData());
        Written firstVerified = model.records.stream()
                .filter(w -> w.topic().equals("orders") && w.logOffset() >= verifiedFrom)
                .findFirst()
                .orElseThrow();
        assertTrue(firstVerified.queueOffset() >= 3);
        Path queueFile = TestStores.consumeQueueDir(dir, "orders").resolve("00000000000000000000");
        long lostFrom = firstVerified.queueOffset()
                - 3; // the queue lost its tail, three entries before the checkpoint's segment
        LogSurgery.writeAt(queueFile, 20 * lostFrom, new byte[(int) (20 * (64 - lostFrom))]);
        Files.createFile(dir.resolve("abort"));
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(1, store.recoveryReport().queuesRebuilt(), store.recoveryReport()::toString);
            LogModel.assertHolds(store, model.records, TOPICS);
        }
    }

    @Test
    void aFullVerificationRewritesEveryQueueAndIndex() throws IOException {
        deleteTree(dir.resolve("index"));
        Path queueFile = TestStores.consumeQueueDir(dir, "orders").resolve("00000000000000000000");
        LogSurgery.flipByte(queueFile, 20 * 3 + 5);
        LogSurgery.writeAt(queueFile, 20 * 30, new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 99});
        TestStores.forgetCheckpointAndCrash(dir);
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(40, store.recoveryReport().recordsVerified());
            LogModel.assertHolds(store, model.records, TOPICS);
            for (int i = 0; i < model.records.size(); i++) {
                Written w = model.records.get(i);
                assertEquals(
                        w.logOffset(), store.lookup(w.topic(), "id-" + i).get(0).logOffset());
            }
        }
    }

    @Test
    void deletesTheQueueOfATopicTheLogDoesNotHold() throws IOException {
        Path ghost = TestStores.consumeQueueDir(dir, "ghost");
        Files.createDirectories(ghost);
        Files.write(ghost.resolve("00000000000000000000"), new byte[20 * 64]);
        LogSurgery.writeAt(ghost.resolve("00000000000000000000"), 0, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 80});
        assertConsumeQueuesRepaired(1);
        assertFalse(Files.exists(ghost));
    }

    private void assertConsumeQueuesRepaired(int rebuilt) throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(rebuilt, store.recoveryReport().queuesRebuilt(), store.recoveryReport()::toString);
            assertEquals(40, store.recoveryReport().recordsRecovered());
            LogModel.assertHolds(store, model.records, TOPICS);
            assertEquals(0, store.nextOffset("ghost"));
        }
    }

    private Path lastSegmentWithData() {
        List<Path> segments = TestStores.segments(dir);
        return segments.stream()
                .filter(s -> TestStores.segmentBase(s) < model.end())
                .max(Comparator.comparingLong(TestStores::segmentBase))
                .orElseThrow();
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
