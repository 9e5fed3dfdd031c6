package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.append;
import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.storage.LogModel.Written;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and corrupt a store at seeded random positions, recover, and compare with the model: exactly
 * the records wholly before the damage survive, and the store keeps working after them.
 */
class RecoveryTortureTest {

    private static final List<String> TOPICS = List.of("a", "b", "c");
    private static final int ROUNDS = 25;

    @TempDir
    Path original;

    @TempDir
    Path work;

    @Test
    void recoversExactlyTheRecordsBeforeACutAnywhere() throws IOException {
        LogModel model = LogModel.write(original, 60, TOPICS, 11);
        Random random = new Random(20240601);
        for (int round = 0; round < ROUNDS; round++) {
            long cut = random.nextLong(model.end() + 1);
            Path copy = fresh(round);
            LogSurgery.cutLogAt(copy, cut);
            TestStores.forgetCheckpointAndCrash(copy);
            List<Written> survivors = model.endingBy(cut);
            long goodEnd = survivors.isEmpty()
                    ? 0
                    : survivors.get(survivors.size() - 1).end();
            boolean torn = model.records.stream().anyMatch(w -> w.logOffset() < cut && cut < w.end());
            assertRecovered(copy, survivors, torn, "cut at " + cut);
        }
    }

    @Test
    void recoversExactlyTheRecordsBeforeAFlippedByte() throws IOException {
        LogModel model = LogModel.write(original, 60, TOPICS, 12);
        Random random = new Random(20240602);
        for (int round = 0; round < ROUNDS; round++) {
            long position = random.nextLong(model.end());
            Path copy = fresh(round);
            LogSurgery.flipLogByte(copy, position);
            TestStores.forgetCheckpointAndCrash(copy);
            Written damaged = model.at(position);
            assertRecovered(copy, model.startingBefore(damaged.logOffset()), true, "byte flipped at " + position);
        }
    }

    private void assertRecovered(Path copy, List<Written> survivors, boolean damaged, String what) throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(copy))) {
            RecoveryReport report = store.recoveryReport();
            assertEquals(survivors.size(), report.recordsRecovered(), what);
            assertEquals(damaged, report.isTruncated(), what + ": " + report);
            LogModel.assertHolds(store, survivors, TOPICS);
            for (String topic : TOPICS) {
                long next = store.nextOffset(topic);
                AppendResult result = append(store, topic, body(next, 99), FlushMode.SYNC);
                assertTrue(result.isOk(), what);
                assertEquals(next, result.queueOffset(), what);
            }
        }
        try (MessageStore store = MessageStore.open(TestStores.small(copy))) {
            assertEquals(
                    survivors.size() + TOPICS.size(), store.recoveryReport().recordsRecovered(), what);
            assertFalse(store.recoveryReport().isTruncated(), what);
        }
    }

    private Path fresh(int round) throws IOException {
        Path copy = work.resolve("round-" + round);
        Files.createDirectories(copy);
        ReopenTest.copyTree(original, copy);
        return copy;
    }
}
