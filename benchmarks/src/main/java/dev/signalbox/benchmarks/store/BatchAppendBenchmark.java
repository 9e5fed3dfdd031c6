package dev.signalbox.benchmarks.store;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.StoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records per second for {@code ASYNC} appends of 1 KiB bodies with an id key each, as the gateway
 * stores a batch of {@value #RECORDS} events: {@code appendBatch} (one request, one completion)
 * beside its anchor in the same run, {@code singles} ({@value #RECORDS} appends, each with its own
 * write-queue slot and future, what the gateway did before). An invocation waits for the last
 * completion, so the write queue never overflows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class BatchAppendBenchmark {

    static final int RECORDS = 100;

    @Param({"1024"})
    public int bodyBytes;

    private Path dir;
    private MessageStore store;
    private byte[] body;
    private long next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("batch-append");
        store = MessageStore.open(StoreConfig.builder(dir)
                .retentionBytes(3L << 30)
                .retentionCheckInterval(Duration.ofSeconds(1))
                .build());
        body = new byte[bodyBytes];
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        BenchDirs.delete(dir);
    }

    private List<NewRecord> records() {
        List<NewRecord> records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            records.add(new NewRecord("bench", 0, List.of("id-" + next++), java.util.Map.of(), body, 0, 0));
        }
        return records;
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public List<AppendResult> appendBatch() {
        return store.appendBatch(records(), FlushMode.ASYNC)
                .toCompletableFuture()
                .join();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public AppendResult singles() {
        CompletableFuture<AppendResult> last = null;
        for (NewRecord record : records()) {
            last = store.append(record, FlushMode.ASYNC).toCompletableFuture();
        }
        return last.join();
    }
}
