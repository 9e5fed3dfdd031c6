package dev.signalbox.benchmarks.store;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.StoreStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code SYNC} appends of 1 KiB with 1, 8 and 64 concurrent writers, each waiting for its own
 * acknowledgement (fsynced and readable) before the next: records per second, and records per
 * fsync from the store's counters ({@code syncAppends / groupCommits}, printed after each
 * iteration as {@code records/fsync}). One operation is one acknowledged append.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class SyncAppendBenchmark {

    private Path dir;
    private MessageStore store;
    private byte[] body;
    private StoreStats before;
    private final AtomicLong seq = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("signalbox-sync-");
        store = MessageStore.open(
                StoreConfig.builder(dir).retentionBytes(3L << 30).build());
        body = BenchDirs.body(7, AsyncAppendBenchmark.BODY);
    }

    @Setup(Level.Iteration)
    public void mark() {
        before = store.stats();
    }

    private AppendResult append() {
        AppendResult result = store.append("sync", List.of(), body, FlushMode.SYNC)
                .toCompletableFuture()
                .join();
        if (result.status() != AppendStatus.OK) {
            throw new IllegalStateException("append answered " + result.status());
        }
        seq.incrementAndGet();
        return result;
    }

    @Benchmark
    @Threads(1)
    public AppendResult syncAppend1Writer() {
        return append();
    }

    @Benchmark
    @Threads(8)
    public AppendResult syncAppend8Writers() {
        return append();
    }

    @Benchmark
    @Threads(64)
    public AppendResult syncAppend64Writers() {
        return append();
    }

    @TearDown(Level.Iteration)
    public void report() {
        StoreStats after = store.stats();
        long records = after.syncAppends() - before.syncAppends();
        long commits = after.groupCommits() - before.groupCommits();
        System.out.printf(
                "%n  records/fsync: %.1f (%d records, %d group commits, %d fsyncs)%n",
                commits == 0 ? 0.0 : (double) records / commits, records, commits, after.fsyncs() - before.fsyncs());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        BenchDirs.delete(dir);
    }
}
