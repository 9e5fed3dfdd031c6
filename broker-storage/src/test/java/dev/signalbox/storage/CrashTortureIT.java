package dev.signalbox.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random moments, for real: a child JVM appends under {@code SYNC} from several threads
 * and is killed with SIGKILL after a random number of acknowledgements; the store is recovered
 * and checked against every acknowledgement the child printed, round after round on the same
 * directory, with single appends and (in a second test) batches side by side. Then a byte is corrupted in the middle of the last segment and recovery must find it,
 * cut there and say so.
 */
class CrashTortureIT {

    private static final int ROUNDS = 20;
    private static final int WRITERS = 4;
    private static final int BATCH_ROUNDS = 8;
    private static final int BATCH_SIZE = 25;

    @TempDir
    Path dir;

    /** An acknowledgement the child printed. */
    record Ack(String topic, long queueOffset, int writer, long seq, int length) {}

    @Test
    void everyAcknowledgedSyncAppendSurvivesSigkillAndNoTornRecordIsVisible() throws Exception {
        Random random = new Random(9);
        Map<String, Ack> acked = new HashMap<>();
        for (int round = 1; round <= ROUNDS; round++) {
            int killAfter = 20 + random.nextInt(1500);
            List<Ack> acks = runChildAndKill(round, killAfter, 0, new ArrayList<>());
            for (Ack ack : acks) {
                Ack before = acked.put(ack.topic() + "/" + ack.queueOffset(), ack);
                assertTrue(before == null, "queue offset acknowledged twice: " + ack + " and " + before);
            }
            try (MessageStore store = MessageStore.open(CrashChild.config(dir))) {
                RecoveryReport report = store.recoveryReport();
                assertFalse(report.cleanShutdown(), "round " + round + " was a crash");
                assertHoldsEveryAck(store, acked.values(), "round " + round);
                assertQueuesAreGapFreeAndWhole(store, "round " + round);
            }
        }
        assertTrue(acked.size() > ROUNDS * 20, "the children acknowledged " + acked.size() + " appends");
    }

    @Test
    void everyAcknowledgedSyncBatchSurvivesSigkillBesideSingleAppends() throws Exception {
        Random random = new Random(17);
        Map<String, Ack> acked = new HashMap<>();
        int batchAcks = 0;
        for (int round = 1; round <= BATCH_ROUNDS; round++) {
            int killAfter = 100 + random.nextInt(2000);
            List<Ack> acks = runChildAndKill(round, killAfter, 0, new ArrayList<>(), BATCH_SIZE);
            for (Ack ack : acks) {
                Ack before = acked.put(ack.topic() + "/" + ack.queueOffset(), ack);
                assertTrue(before == null, "queue offset acknowledged twice: " + ack + " and " + before);
                batchAcks += ack.writer() % 2 == 1 ? 1 : 0;
            }
            try (MessageStore store = MessageStore.open(CrashChild.config(dir))) {
                assertFalse(store.recoveryReport().cleanShutdown(), "round " + round + " was a crash");
                assertHoldsEveryAck(store, acked.values(), "round " + round);
                assertQueuesAreGapFreeAndWhole(store, "round " + round);
            }
        }
        assertTrue(batchAcks > BATCH_ROUNDS * BATCH_SIZE, "records acknowledged in batches: " + batchAcks);
    }

    @Test
    void delayedRecordsAcknowledgedBeforeAKillAreDeliveredOnceAfterIt() throws Exception {
        List<String> delayed = new ArrayList<>();
        runChildAndKill(1, 400, 5, delayed);
        assertTrue(delayed.size() > 10, "delayed appends acknowledged: " + delayed.size());
        try (MessageStore store = MessageStore.open(CrashChild.config(dir))) {
            long latest = delayed.stream()
                    .mapToLong(line -> Long.parseLong(line.split(" ")[1]))
                    .max()
                    .orElseThrow();
            TestStores.await(
                    Duration.ofSeconds(30),
                    () -> System.currentTimeMillis() > latest + 1000
                            && delivered(store).size() >= delayed.size(),
                    () -> "delayed records delivered: " + delivered(store).size() + " of " + delayed.size());
            Map<String, Integer> counts = new HashMap<>();
            for (StoredRecord record : store.read("later", 0, Integer.MAX_VALUE)) {
                counts.merge(new String(record.body(), StandardCharsets.UTF_8), 1, Integer::sum);
                assertTrue(record.storeTimestamp()
                        >= Long.parseLong(record.properties().get("__deliverAt")));
            }
            for (String line : delayed) {
                assertEquals(1, counts.getOrDefault(line.split(" ")[0], 0), "delivered exactly once: " + line);
            }
        }
    }

    private static List<StoredRecord> delivered(MessageStore store) {
        try {
            return store.read("later", 0, Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aByteCorruptedInTheMiddleOfTheLastSegmentIsFoundAndCutFrom() throws Exception {
        List<Ack> acks = runChildAndKill(1, 3000, 0, new ArrayList<>());
        Path last = lastSegmentWithData();
        long extent = dataExtent(last);
        long middle = extent / 2;
        LogSurgery.flipByte(last, middle);
        long flipped = TestStores.segmentBase(last) + middle;
        try (MessageStore store = MessageStore.open(CrashChild.config(dir))) {
            RecoveryReport report = store.recoveryReport();
            assertTrue(report.isTruncated(), report::toString);
            assertTrue(report.bytesTruncated() >= extent - middle, report::toString);
            long cutAt = Long.parseLong(report.truncatedReason().replaceAll(".*at log offset (\\d+).*", "$1"));
            assertTrue(cutAt <= flipped && cutAt >= TestStores.segmentBase(last), report::toString);
            assertTrue(report.verifiedFrom() <= TestStores.segmentBase(last), report::toString);
            List<Ack> kept = new ArrayList<>();
            for (Ack ack : acks) {
                StoredRecord record = store.read(ack.topic(), ack.queueOffset()).orElse(null);
                if (record != null && record.logOffset() < cutAt) {
                    assertArrayEquals(CrashChild.body(ack.writer(), ack.seq(), ack.length()), record.body());
                    kept.add(ack);
                }
            }
            assertTrue(kept.size() < acks.size(), "the cut removed acknowledged records after the corruption");
            assertQueuesAreGapFreeAndWhole(store, "after the cut");
            System.out.println("CrashTortureIT: corruption at log offset " + flipped + " found: " + report);
        }
    }

    private List<Ack> runChildAndKill(int round, int killAfter, int delayedEvery, List<String> delayed)
            throws Exception {
        return runChildAndKill(round, killAfter, delayedEvery, delayed, 1);
    }

    private List<Ack> runChildAndKill(int round, int killAfter, int delayedEvery, List<String> delayed, int batchSize)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                dir.toString(),
                Integer.toString(round),
                Integer.toString(WRITERS),
                Integer.toString(delayedEvery),
                Integer.toString(batchSize));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = builder.start();
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> delayedLines = new ConcurrentLinkedQueue<>();
        AtomicInteger count = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Thread reader = new Thread(() -> read(child, acks, delayedLines, count, failed));
        reader.start();
        try {
            TestStores.await(
                    Duration.ofSeconds(60),
                    () -> count.get() >= killAfter || !child.isAlive(),
                    () -> "child acknowledged " + count.get() + " of " + killAfter);
            assertTrue(child.isAlive(), "the child died before the kill");
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(30_000);
        }
        assertFalse(failed.get(), "the child reported a failed append");
        delayed.addAll(delayedLines);
        return new ArrayList<>(acks);
    }

    private static void read(
            Process child,
            ConcurrentLinkedQueue<Ack> acks,
            ConcurrentLinkedQueue<String> delayed,
            AtomicInteger count,
            AtomicBoolean failed) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] f = line.split(" ");
                if (f[0].equals("ACK") && f.length == 6) {
                    acks.add(new Ack(
                            f[1],
                            Long.parseLong(f[2]),
                            Integer.parseInt(f[3]),
                            Long.parseLong(f[4]),
                            Integer.parseInt(f[5])));
                    count.incrementAndGet();
                } else if (f[0].equals("DELAYED") && f.length == 3) {
                    delayed.add(f[1] + " " + f[2]);
                } else if (f[0].equals("FAILED")) {
                    failed.set(true);
                }
                // A line cut by the kill is simply not an acknowledgement.
            }
        } catch (IOException e) {
            // the pipe breaks when the child is killed
        }
    }

    private static void assertHoldsEveryAck(MessageStore store, Iterable<Ack> acks, String what) throws IOException {
        for (Ack ack : acks) {
            StoredRecord record = store.read(ack.topic(), ack.queueOffset()).orElse(null);
            assertTrue(record != null, what + ": acknowledged record lost: " + ack);
            assertArrayEquals(CrashChild.body(ack.writer(), ack.seq(), ack.length()), record.body(), what + ": " + ack);
            assertEquals(List.of("w" + ack.writer() + "-" + ack.seq()), record.keys());
        }
    }

    /** Every queue offset below next is readable, in order, CRC-checked (a torn record would fail the read). */
    private static void assertQueuesAreGapFreeAndWhole(MessageStore store, String what) throws IOException {
        for (String topic : CrashChild.TOPICS) {
            long next = store.nextOffset(topic);
            List<StoredRecord> all = store.read(topic, 0, Integer.MAX_VALUE);
            assertEquals(next, all.size(), what + ": records of " + topic);
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i, all.get(i).queueOffset(), what + ": gap in " + topic);
                ByteBuffer body = ByteBuffer.wrap(all.get(i).body());
                int writer = body.getInt(0);
                long seq = body.getLong(4);
                assertArrayEquals(
                        CrashChild.body(writer, seq, all.get(i).body().length),
                        all.get(i).body());
            }
        }
    }

    private Path lastSegmentWithData() throws IOException {
        Path found = null;
        for (Path segment : TestStores.segments(dir)) {
            if (dataExtent(segment) > 0) {
                found = segment;
            }
        }
        return found;
    }

    /** One past the segment's last non-zero byte. */
    private static long dataExtent(Path segment) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate((int) channel.size());
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read it all
            }
            for (int i = bytes.limit() - 1; i >= 0; i--) {
                if (bytes.get(i) != 0) {
                    return i + 1;
                }
            }
            return 0;
        }
    }
}
