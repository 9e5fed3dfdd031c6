package dev.signalbox.benchmarks.store;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The process {@link RecoveryBenchmark} kills: fills a store with 1 KiB records (four topics, a
 * key each) until the log reaches the given size, prints {@code FILLED records logEnd}, then waits
 * to be killed with SIGKILL, its store never closed.
 *
 * <p>Threading: the main thread appends; the store's agents run as in production.
 */
public final class LogFiller {

    private LogFiller() {}

    /** Arguments: dataDir, target log bytes. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long target = Long.parseLong(args[1]);
        MessageStore store = MessageStore.open(StoreConfig.defaults(dir));
        byte[][] bodies = new byte[64][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = BenchDirs.body(i, 1024);
        }
        long records = 0;
        AppendResult last = null;
        while (last == null || last.logOffset() < target) {
            CompletableFuture<AppendResult> pending = null;
            for (int i = 0; i < 1000; i++, records++) {
                pending = store.append(
                                "topic-" + (records % 4),
                                List.of("id-" + records),
                                bodies[(int) (records % bodies.length)],
                                FlushMode.ASYNC)
                        .toCompletableFuture();
            }
            last = pending.join();
        }
        System.out.println("FILLED " + records + " " + store.stats().logEnd());
        System.out.flush();
        System.in.read(); // killed here
    }
}
