package dev.signalbox.benchmarks.store;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.StoreConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Records per second for {@code ASYNC} appends of 1 KiB bodies, beside the raw anchor in the same
 * run: the same 1 KiB copied sequentially into mapped files of the same 1 GiB size, cold (page
 * faults on the writer, as a naive log) and pre-touched (a plain memory copy). One operation is
 * one record; an invocation appends {@value #BATCH} and waits for the last to be acknowledged
 * (written and readable), so the writer's queue never overflows. MiB/s = ops/s / 1024.
 *
 * <p>The store runs with its defaults (1 GiB segments pre-touched 16 MiB ahead, an fsync every
 * 500 ms) and retention at 3 GiB so the disk does not fill.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class AsyncAppendBenchmark {

    static final int BATCH = 1000;
    static final int BODY = 1024;

    private Path dir;
    private MessageStore store;
    private RawMappedLog rawCold;
    private RawMappedLog rawTouched;
    private byte[][] bodies;
    private ByteBuffer[] rawRecords;
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = BenchDirs.create("signalbox-async-");
        store = MessageStore.open(StoreConfig.builder(dir.resolve("store"))
                .retentionBytes(3L << 30)
                .retentionCheckInterval(java.time.Duration.ofSeconds(1))
                .build());
        java.nio.file.Files.createDirectories(dir.resolve("raw-cold"));
        java.nio.file.Files.createDirectories(dir.resolve("raw-touched"));
        rawCold = new RawMappedLog(dir.resolve("raw-cold"), StoreConfig.MAX_SEGMENT_BYTES);
        rawTouched = new RawMappedLog(dir.resolve("raw-touched"), StoreConfig.MAX_SEGMENT_BYTES);
        bodies = new byte[BATCH][];
        rawRecords = new ByteBuffer[BATCH];
        for (int i = 0; i < BATCH; i++) {
            bodies[i] = BenchDirs.body(i, BODY);
            rawRecords[i] = ByteBuffer.wrap(bodies[i]);
        }
    }

    @Setup(Level.Iteration)
    public void touch() throws IOException {
        rawTouched.prepareTouched();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public AppendResult storeAsyncAppend() {
        CompletableFuture<AppendResult> last = null;
        for (int i = 0; i < BATCH; i++) {
            last = store.append("bench", List.of(), bodies[i], FlushMode.ASYNC).toCompletableFuture();
        }
        AppendResult result = last.join();
        if (result.status() != AppendStatus.OK) {
            throw new IllegalStateException("append answered " + result.status());
        }
        return result;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int rawMmapWriteCold() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            rawCold.append(rawRecords[i].duplicate());
        }
        return next++;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int rawMmapWriteTouched() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            rawTouched.append(rawRecords[i].duplicate());
        }
        return next++;
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        System.out.println("\nstore stats: " + store.stats());
        store.close();
        rawCold.close();
        rawTouched.close();
        BenchDirs.delete(dir);
    }
}
