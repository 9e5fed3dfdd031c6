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
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/**
 * One subject of {@link RulesPairedRun}: a machine of one build, loaded with the workload's rules,
 * matching the workload's events one way ({@code tree}, {@code event}, {@code text} as in {@link
 * RulesMatchBenchmark}, or {@code record}: the event decoded from its stored record with {@code EventCodec}, then
 * matched, as the router does).
 *
 * <p>Confined to the harness thread. {@link RulesPairedRun} defines this class afresh in each
 * build's class loader, so it links against that build's rules engine and gets its own compiled
 * code; it uses only the engine's public API, which every compared build must have.
 */
public final class PairedBurst {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private final PatternMachine machine = new PatternMachine();
    private final String path;
    private final String[] texts;
    private final byte[][] bytes;
    private final JsonNode[] trees;
    private final Event[] stored;
    private int next;
    /** Matches seen, so that the work cannot be optimised away; read by the harness. */
    public long matches;

    public PairedBurst(String[] rules, String[] events, String path) throws Exception {
        this.path = path;
        for (int i = 0; i < rules.length; i++) {
            machine.put("rule-" + i, EventPattern.parse(rules[i]));
        }
        texts = events.clone();
        bytes = new byte[events.length][];
        trees = new JsonNode[events.length];
        stored = new Event[events.length];
        for (int i = 0; i < events.length; i++) {
            trees[i] = mapper.readTree(events[i]);
            stored[i] = StructuredEvents.parse(events[i].getBytes(StandardCharsets.UTF_8));
            bytes[i] = EventCodec.encode(stored[i]);
        }
    }

    /** Matches events until the thread has used {@code cpuNanos} of CPU; returns {events, nanos}. */
    public long[] burst(long cpuNanos) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        long now = start;
        long ops = 0;
        while (now - start < cpuNanos) {
            for (int k = 0; k < 64; k++) {
                matches += once(next);
                next = next + 1 == texts.length ? 0 : next + 1;
            }
            ops += 64;
            now = THREADS.getCurrentThreadCpuTime();
        }
        return new long[] {ops, now - start};
    }

    private int once(int i) throws Exception {
        return switch (path) {
            case "tree" -> machine.matchingRules(trees[i]).size();
            case "event" -> machine.matchingRules(stored[i]).size();
            case "text" -> machine.matchingRules(mapper.readTree(texts[i])).size();
            case "record" -> machine.matchingRules(EventCodec.decode(bytes[i])).size();
            default -> throw new IllegalArgumentException("path " + path);
        };
    }
}
