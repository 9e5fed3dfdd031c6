package dev.signalbox.benchmarks.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.core.StructuredEvents;
import dev.signalbox.rules.EventPattern;
import dev.signalbox.rules.PatternMachine;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import software.amazon.event.ruler.Machine;

/**
 * Events per second through Signalbox's {@link PatternMachine} and aws/event-ruler's {@link
 * Machine}, in the same run, on the same rules ({@link RuleWorkload}) and the same ~1 KiB events.
 *
 * <p>{@code *Tree} methods start from a parsed JSON tree (what a router holding the event's view
 * has; numbers as BigDecimal, as the gateway parses them) and call {@code matchingRules(JsonNode)}
 * and event-ruler's {@code rulesForJSONEvent(JsonNode)}: the like-for-like comparison. The others
 * start from bytes, each engine's own way: {@code eventRulerText} gives event-ruler the JSON text
 * ({@code rulesForJSONEvent(String)}, its streaming reader); {@code signalboxEvent} gives
 * Signalbox the stored event (attributes and data bytes, what the router reads from the log),
 * streaming {@code data}; {@code signalboxText} parses the text into a tree with Jackson first;
 * {@code signalboxRecord} decodes the event from its stored record ({@code EventCodec}) and then
 * matches it, which is what the router does with each record it reads. The last is the product's
 * path: the others keep 1,024 decoded events (about 10 MB of trees, 2 MB of stored events) that a
 * machine of 100,000 rules pushes out of the cache, where the router matches an event it has just
 * decoded.
 *
 * <p>The forks of event-ruler's methods build both engines: they report the heap each engine's
 * rules take and check, on 128 events, that both answer with the same rule names. Signalbox's
 * forks build only Signalbox, because event-ruler needs minutes to load 100,000 of these rules.
 * One operation matches one event.
 *
 * <p>The fork's heap is fixed and touched at start ({@code -XX:+AlwaysPreTouch}). Why: a
 * virtual machine that hands free memory back to its host (free page reporting) charges the
 * first write to each page of it, about 9 µs per 4 KiB on the machine these figures come from.
 * Without the flag, the young generation's pages are first written while iterations run, as the
 * collector grows it, and each op pays for the pages its garbage lands on: single iterations of
 * one row ranged up to twice apart. A node pays that once per page of its heap; the flag pays it
 * before measuring.
 *
 * <p>{@code treeLayout} says where the {@code *Tree} methods' trees lie in memory, which moves
 * their figures as much as the rule count does. {@code compacted} (the default): parsed before
 * the full collections that measure the heap, which lay each tree out in one contiguous run;
 * reading one is a few sequential cache lines. {@code young}: parsed again after them, so they
 * start in the young generation and are copied by its collections during warm-up, the way objects
 * that live a while in a node are placed; a tree's nodes then lie apart from one another. The
 * other methods do not read the trees.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class RulesMatchBenchmark {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final int CHECKED_EVENTS = 128;

    @Param({"10", "1000", "100000"})
    public int rules;

    @Param({"compacted"})
    public String treeLayout;

    private PatternMachine signalbox;
    private Machine eventRuler;
    private String[] texts;
    private JsonNode[] trees;
    private Event[] stored;
    private byte[][] records;
    private int next;

    @Setup(Level.Trial)
    public void build(BenchmarkParams params) throws Exception {
        RuleWorkload workload = new RuleWorkload(rules, 42);
        texts = workload.events.toArray(new String[0]);
        trees = new JsonNode[texts.length];
        stored = new Event[texts.length];
        records = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            trees[i] = MAPPER.readTree(texts[i]);
            stored[i] = StructuredEvents.parse(texts[i].getBytes(StandardCharsets.UTF_8));
            records[i] = EventCodec.encode(stored[i]);
        }
        long before = usedHeap();
        long start = System.nanoTime();
        signalbox = new PatternMachine();
        for (int i = 0; i < workload.rules.size(); i++) {
            signalbox.put("rule-" + i, EventPattern.parse(workload.rules.get(i)));
        }
        long ours = usedHeap() - before;
        System.out.printf(
                "%nSignalbox: %d rules loaded in %.1f s, %.1f MiB of heap%n",
                rules, (System.nanoTime() - start) / 1e9, ours / 1048576.0);
        if (params.getBenchmark().contains("eventRuler")) {
            before = usedHeap();
            start = System.nanoTime();
            eventRuler = Machine.builder().build();
            for (int i = 0; i < workload.rules.size(); i++) {
                eventRuler.addRule("rule-" + i, workload.rules.get(i));
            }
            long theirs = usedHeap() - before;
            System.out.printf(
                    "event-ruler: %d rules loaded in %.1f s, %.1f MiB of heap%n",
                    rules, (System.nanoTime() - start) / 1e9, theirs / 1048576.0);
            check();
        }
        switch (treeLayout) {
            case "compacted" -> {}
            case "young" -> {
                for (int i = 0; i < texts.length; i++) {
                    trees[i] = MAPPER.readTree(texts[i]);
                }
            }
            default -> throw new IllegalArgumentException("treeLayout is compacted or young: " + treeLayout);
        }
    }

    private void check() throws Exception {
        long matched = 0;
        for (int i = 0; i < CHECKED_EVENTS; i++) {
            Set<String> ours = signalbox.matchingRules(trees[i]);
            Set<String> theirs = new HashSet<>(eventRuler.rulesForJSONEvent(texts[i]));
            if (!ours.equals(theirs)
                    || !ours.equals(signalbox.matchingRules(stored[i]))
                    || !ours.equals(signalbox.matchingRules(EventCodec.decode(records[i])))) {
                throw new IllegalStateException("engines disagree on event " + i + ": " + ours + " vs " + theirs);
            }
            matched += ours.size();
        }
        System.out.printf(
                "both engines agree on %d events, %.2f matches per event, %d bytes per event%n",
                CHECKED_EVENTS, matched / (double) CHECKED_EVENTS, texts[0].length());
    }

    private static long usedHeap() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == texts.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Set<String> signalboxTree() {
        return signalbox.matchingRules(trees[nextIndex()]);
    }

    @Benchmark
    public List<String> eventRulerTree() {
        return eventRuler.rulesForJSONEvent(trees[nextIndex()]);
    }

    @Benchmark
    public Set<String> signalboxEvent() {
        return signalbox.matchingRules(stored[nextIndex()]);
    }

    @Benchmark
    public Set<String> signalboxRecord() {
        return signalbox.matchingRules(EventCodec.decode(records[nextIndex()]));
    }

    @Benchmark
    public Set<String> signalboxText() throws Exception {
        return signalbox.matchingRules(MAPPER.readTree(texts[nextIndex()]));
    }

    @Benchmark
    public List<String> eventRulerText() throws Exception {
        return eventRuler.rulesForJSONEvent(texts[nextIndex()]);
    }
}
