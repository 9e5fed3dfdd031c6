package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PatternMachineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void matchesManyRulesInOnePass() throws Exception {
        PatternMachine machine = new PatternMachine();
        for (int i = 0; i < 10_000; i++) {
            machine.put("by-source-" + i, pattern("{\"source\": [\"src-" + i + "\"]}"));
            machine.put("by-type-" + i, pattern("{\"source\": [\"src-" + i + "\"], \"type\": [\"t" + (i % 3) + "\"]}"));
        }
        machine.put("by-tier", pattern("{\"data\": {\"tier\": [\"gold\"]}}"));
        assertEquals(20_001, machine.size());

        assertEquals(
                Set.of("by-source-42", "by-type-42", "by-tier"),
                machine.matchingRules(
                        event("{\"source\": \"src-42\", \"type\": \"t0\", \"data\": {\"tier\": \"gold\"}}")));
        assertEquals(
                Set.of("by-source-43"), machine.matchingRules(event("{\"source\": \"src-43\", \"type\": \"t0\"}")));
        assertEquals(Set.of(), machine.matchingRules(event("{\"type\": \"t0\"}")));
    }

    /**
     * An event carrying more values than the matcher's read-ahead first makes room for (it notes a
     * hash slot per string and a stab per number before reading any): every one is still looked
     * up, in the frozen tables and ranges as in the changes since.
     */
    @Test
    void matchesEveryValueOfAnEventWithManyValues() throws Exception {
        PatternMachine machine = new PatternMachine();
        Set<String> expected = new HashSet<>();
        StringBuilder ids = new StringBuilder();
        StringBuilder amounts = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            machine.put("id-" + i, pattern("{\"data\": {\"id\": [\"id-" + i + "\"]}}"));
            machine.put(
                    "band-" + i,
                    pattern("{\"data\": {\"amount\": [{\"numeric\": [\">=\", " + i + ", \"<\", " + (i + 1) + "]}]}}"));
        }
        for (int i = 0; i < 90; i++) {
            int n = i * 21; // frozen long ago and recently changed alike
            ids.append(i == 0 ? "" : ",").append("\"id-").append(n).append('"');
            amounts.append(i == 0 ? "" : ",").append(n).append(".5");
            expected.add("id-" + n);
            expected.add("band-" + n);
        }
        assertEquals(
                expected,
                machine.matchingRules(event("{\"data\": {\"id\": [" + ids + "], \"amount\": [" + amounts + "]}}")));
    }

    @Test
    void putReplacesAndRemoveForgets() throws Exception {
        PatternMachine machine = new PatternMachine();
        JsonNode a = event("{\"source\": \"a\"}");
        JsonNode b = event("{\"source\": \"b\"}");
        machine.put("rule", pattern("{\"source\": [\"a\"]}"));
        machine.put("other", pattern("{\"source\": [\"a\", \"b\"]}"));
        assertEquals(Set.of("rule", "other"), machine.matchingRules(a));

        machine.put("rule", pattern("{\"source\": [\"b\"]}"));
        assertEquals(Set.of("other"), machine.matchingRules(a));
        assertEquals(Set.of("rule", "other"), machine.matchingRules(b));

        machine.remove("rule");
        machine.remove("never-added");
        assertEquals(Set.of("other"), machine.matchingRules(b));
        machine.remove("other");
        assertEquals(Set.of(), machine.matchingRules(a));
        assertEquals(0, machine.size());
        assertThrows(UnsupportedOperationException.class, () -> machine.matchingRules(a)
                .add("x"));
    }

    @Test
    void sharedPathsAndValuesAcrossRules() throws Exception {
        PatternMachine machine = new PatternMachine();
        machine.put("leaf", pattern("{\"data\": [\"x\"]}"));
        machine.put("nested", pattern("{\"data\": {\"k\": [\"x\"]}}"));
        machine.put("both", pattern("{\"data\": {\"k\": [\"x\"], \"n\": [1]}}"));
        assertEquals(Set.of("leaf"), machine.matchingRules(event("{\"data\": \"x\"}")));
        assertEquals(Set.of("nested"), machine.matchingRules(event("{\"data\": {\"k\": \"x\"}}")));
        assertEquals(Set.of("nested", "both"), machine.matchingRules(event("{\"data\": {\"k\": \"x\", \"n\": 1.0}}")));
        assertEquals(
                Set.of("leaf", "nested"),
                machine.matchingRules(event("{\"data\": [\"x\", {\"k\": \"x\"}, {\"n\": 1}]}")));
        machine.remove("nested");
        assertEquals(Set.of("both"), machine.matchingRules(event("{\"data\": {\"k\": \"x\", \"n\": 1}}")));
    }

    @Test
    void readersSeeWholeSnapshotsWhileRulesChange() throws Exception {
        PatternMachine machine = new PatternMachine();
        machine.put("stable", pattern("{\"source\": [\"s\"]}"));
        JsonNode event = event("{\"source\": \"s\", \"type\": \"t\"}");
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = List.of(
                    readers.submit(() -> readUntil(stop, machine, event)),
                    readers.submit(() -> readUntil(stop, machine, event)));
            for (int i = 0; i < 2_000; i++) {
                machine.put("churn-" + i, pattern("{\"source\": [\"s\"], \"type\": [\"t\"]}"));
                machine.remove("churn-" + (i - 1));
            }
            stop.set(true);
            for (Future<Integer> result : results) {
                assertTrue(result.get(10, TimeUnit.SECONDS) > 0);
            }
        } finally {
            readers.shutdownNow();
        }
        assertEquals(Set.of("stable", "churn-1999"), machine.matchingRules(event));
    }

    private static int readUntil(AtomicBoolean stop, PatternMachine machine, JsonNode event) {
        int reads = 0;
        do {
            Set<String> names = new HashSet<>(machine.matchingRules(event));
            // Every snapshot has the stable rule and at most two churn rules (put before remove).
            if (!names.remove("stable") || names.size() > 2) {
                throw new AssertionError("torn snapshot: " + names);
            }
            reads++;
        } while (!stop.get());
        return reads;
    }

    private static EventPattern pattern(String json) {
        return EventPattern.parse(json);
    }

    private static JsonNode event(String json) throws Exception {
        return MAPPER.readTree(json);
    }
}
