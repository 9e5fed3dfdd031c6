package dev.signalbox.benchmarks.store;

import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.RecoveryReport;
import dev.signalbox.storage.StoreConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recovery of 1 GiB of log after a real abnormal stop: before each iteration a child JVM
 * ({@link LogFiller}) fills a store with the defaults (1 GiB segments) to just under 1 GiB of 1 KiB
 * records and is killed with SIGKILL; the measured operation is {@link MessageStore#open}. The
 * checkpoint lies in the only segment, so recovery CRC-verifies and re-dispatches that whole
 * segment (about 980,000 records). {@code rebuild} also deletes the ConsumeQueues and the index
 * first, so every queue and index entry is rebuilt from the log. The page cache is warm (a process
 * crash, not a power loss): the files were just written.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class RecoveryBenchmark {

    static final long TARGET = (1L << 30) - (8 << 20);

    @Param({"crash", "rebuild"})
    public String mode;

    private Path dir;
    private MessageStore store;
    private String filled;

    @Setup(Level.Iteration)
    public void crash() throws Exception {
        dir = BenchDirs.create("signalbox-recovery-");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LogFiller.class.getName(),
                        dir.toString(),
                        Long.toString(TARGET))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("FILLED")) {
                    filled = line;
                    break;
                }
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(1, TimeUnit.MINUTES);
        }
        if (filled == null) {
            throw new IllegalStateException("the filler died before filling the log");
        }
        if (mode.equals("rebuild")) {
            BenchDirs.delete(dir.resolve("consumequeue"));
            BenchDirs.delete(dir.resolve("index"));
        }
    }

    @Benchmark
    public RecoveryReport recover() throws IOException {
        store = MessageStore.open(StoreConfig.defaults(dir));
        return store.recoveryReport();
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        System.out.println("\n  " + filled + " -> " + store.recoveryReport());
        store.close();
        store = null;
        BenchDirs.delete(dir);
    }
}
