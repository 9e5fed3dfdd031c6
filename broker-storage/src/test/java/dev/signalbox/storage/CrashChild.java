package dev.signalbox.storage;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process {@link CrashTortureIT} kills: opens the store in the given directory and appends
 * {@code SYNC} records from several threads until it is killed, printing one line per
 * acknowledged append ({@code ACK topic queueOffset writer seq length}) only after the append
 * completed. Bodies are a function of (writer, seq, length), so the parent can check them byte
 * for byte. Delayed records ({@code DELAYED id due}) are mixed in when asked. With a batch size
 * above one, every other writer appends its records in batches of that size ({@link
 * MessageStore#appendBatch}) and prints an ACK for each record once the whole batch completed.
 *
 * <p>Threading: one thread per writer; stdout is shared and synchronised by {@link PrintStream}.
 */
public final class CrashChild {

    static final List<String> TOPICS = List.of("alpha", "beta", "gamma");

    private CrashChild() {}

    /** Arguments: dataDir, round, writers, delayedEvery (0 = none), and optionally batchSize (1 = none). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int writers = Integer.parseInt(args[2]);
        int delayedEvery = Integer.parseInt(args[3]);
        int batchSize = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        MessageStore store = MessageStore.open(config(dir));
        PrintStream out = System.out;
        out.println("READY " + store.recoveryReport().cleanShutdown());
        out.flush();
        AtomicBoolean failed = new AtomicBoolean();
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            int writer = round * 100 + w;
            threads[w] = batchSize > 1 && w % 2 == 1
                    ? new Thread(() -> appendBatchesForever(store, writer, batchSize, out, failed))
                    : new Thread(() -> appendForever(store, writer, delayedEvery, out, failed));
            threads[w].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.exit(failed.get() ? 2 : 0);
    }

    static StoreConfig config(Path dir) {
        return TestStores.smallBuilder(dir)
                .segmentBytes(64 * 1024)
                .preTouchBytes(128 * 1024)
                .maxRecordBytes(4096)
                .queueFileEntries(1024)
                .indexSlots(1024)
                .indexEntries(4096)
                .checkpointInterval(Duration.ofMillis(30))
                .timerLogFileEntries(1024)
                .build();
    }

    private static void appendForever(
            MessageStore store, int writer, int delayedEvery, PrintStream out, AtomicBoolean failed) {
        for (long seq = 0; ; seq++) {
            String topic = topic(writer, seq);
            int length = length(writer, seq);
            if (delayedEvery > 0 && seq % delayedEvery == 0) {
                long due = System.currentTimeMillis() + 300 + seq % 1500;
                String id = writer + "-" + seq;
                NewRecord delayed = NewRecord.of("later", id.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .withDeliverAt(due);
                AppendResult result = store.append(delayed, FlushMode.SYNC)
                        .toCompletableFuture()
                        .join();
                if (result.isOk()) {
                    out.println("DELAYED " + id + " " + due);
                }
            }
            AppendResult result = store.append(
                            topic, List.of("w" + writer + "-" + seq), body(writer, seq, length), FlushMode.SYNC)
                    .toCompletableFuture()
                    .join();
            if (result.status() == AppendStatus.STORE_BUSY) {
                continue;
            }
            if (!result.isOk()) {
                out.println("FAILED " + result.status());
                failed.set(true);
                return;
            }
            out.println("ACK " + topic + " " + result.queueOffset() + " " + writer + " " + seq + " " + length);
        }
    }

    private static void appendBatchesForever(
            MessageStore store, int writer, int batchSize, PrintStream out, AtomicBoolean failed) {
        for (long first = 0; ; first += batchSize) {
            List<NewRecord> batch = new ArrayList<>(batchSize);
            for (long seq = first; seq < first + batchSize; seq++) {
                batch.add(NewRecord.of(topic(writer, seq), body(writer, seq, length(writer, seq)))
                        .withKeys(List.of("w" + writer + "-" + seq)));
            }
            List<AppendResult> results = store.appendBatch(batch, FlushMode.SYNC)
                    .toCompletableFuture()
                    .join();
            if (results.get(0).status() == AppendStatus.STORE_BUSY) {
                first -= batchSize;
                continue;
            }
            StringBuilder acks = new StringBuilder();
            for (int i = 0; i < batchSize; i++) {
                AppendResult result = results.get(i);
                if (!result.isOk()) {
                    out.println("FAILED " + result.status());
                    failed.set(true);
                    return;
                }
                long seq = first + i;
                acks.append("ACK " + topic(writer, seq) + " " + result.queueOffset() + " " + writer + " " + seq + " "
                        + length(writer, seq) + "\n");
            }
            out.print(acks);
            out.flush();
        }
    }

    private static String topic(int writer, long seq) {
        return TOPICS.get((int) ((writer + seq) % TOPICS.size()));
    }

    private static int length(int writer, long seq) {
        return 16 + (int) ((writer * 31 + seq * 17) % 900);
    }

    static byte[] body(int writer, long seq, int length) {
        ByteBuffer body = ByteBuffer.wrap(TestStores.body(writer * 1_000_003L + seq, length));
        body.putInt(0, writer).putLong(4, seq);
        return body.array();
    }
}
