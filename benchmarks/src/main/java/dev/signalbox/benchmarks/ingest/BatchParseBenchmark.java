package dev.signalbox.benchmarks.ingest;

import dev.signalbox.core.BatchEntry;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.core.StructuredEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gateway spends per batch entry before the store: parsing a batch of {@value #ENTRIES}
 * structured events of 1 KiB JSON data each (the body {@code benchmarks/ingest/batch.lua} posts)
 * with {@link StructuredEvents#parseBatch}, and encoding the parsed events for the store with
 * {@link EventCodec#encode}. Results are per entry (ns/op). The anchor is the same bytes copied
 * once ({@code copyAnchor}): what any handling of the body costs at least.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BatchParseBenchmark {

    static final int ENTRIES = 100;

    private byte[] body;
    private List<Event> events;

    @Setup
    public void build() {
        String data = "{\"order\":\"bench\",\"note\":\"" + "x".repeat(1024 - 28) + "\"}";
        StringJoiner batch = new StringJoiner(",", "[", "]");
        for (int i = 0; i < ENTRIES; i++) {
            batch.add("{\"specversion\":\"1.0\",\"id\":\"run-1-" + i + "\",\"source\":\"/bench/wrk\","
                    + "\"type\":\"bench.ingest.batch\",\"datacontenttype\":\"application/json\",\"data\":" + data
                    + "}");
        }
        body = batch.toString().getBytes(StandardCharsets.UTF_8);
        events = StructuredEvents.parseBatch(body, 1000, 256 * 1024).stream()
                .map(entry -> entry.event().orElseThrow())
                .toList();
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public List<BatchEntry> parseBatch() {
        return StructuredEvents.parseBatch(body, 1000, 256 * 1024);
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public int encode() {
        int bytes = 0;
        for (Event event : events) {
            bytes += EventCodec.encode(event).length;
        }
        return bytes;
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public byte[] copyAnchor() {
        return body.clone();
    }
}
