package dev.signalbox.benchmarks.store;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.ReadResult;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.StoredRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
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
 * Reads from a store holding {@value #RECORDS} records of 1 KiB (about 550 MB, in the page
 * cache), each with its own key: one record by (topic, queue offset) at random, 100 consecutive
 * records from a random offset, and a lookup by key at random; beside the anchor, a raw positional
 * read of the same 1 KiB from the segment file. Every store read checks the record's CRC.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class ReadBenchmark {

    static final int RECORDS = 500_000;

    private Path dir;
    private MessageStore store;
    private FileChannel segment;
    private long[] logOffsets;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = BenchDirs.create("signalbox-read-");
        store = MessageStore.open(StoreConfig.defaults(dir));
        logOffsets = new long[RECORDS];
        CompletableFuture<?>[] pending = new CompletableFuture<?>[1000];
        for (int i = 0; i < RECORDS; i++) {
            int at = i;
            pending[i % 1000] = store.append("read", List.of("id-" + i), BenchDirs.body(i, 1024), FlushMode.ASYNC)
                    .toCompletableFuture()
                    .thenAccept(r -> logOffsets[at] = ((AppendResult) r).logOffset());
            if (i % 1000 == 999) {
                CompletableFuture.allOf(pending).join();
            }
        }
        segment = FileChannel.open(
                Files.list(dir.resolve("commitlog")).sorted().findFirst().orElseThrow(), StandardOpenOption.READ);
    }

    @Benchmark
    public Optional<StoredRecord> readOneByOffset() throws IOException {
        return store.read("read", ThreadLocalRandom.current().nextInt(RECORDS));
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public ReadResult fetch100FromAnOffset() throws IOException {
        return store.fetch("read", 0, ThreadLocalRandom.current().nextInt(RECORDS - 100), 100);
    }

    @Benchmark
    public List<StoredRecord> lookupByKey() throws IOException {
        return store.lookup("read", "id-" + ThreadLocalRandom.current().nextInt(RECORDS));
    }

    @Benchmark
    public ByteBuffer rawPread1KiB() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024 + 80);
        segment.read(buffer, logOffsets[ThreadLocalRandom.current().nextInt(RECORDS)]);
        return buffer;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        segment.close();
        store.close();
        BenchDirs.delete(dir);
    }
}
