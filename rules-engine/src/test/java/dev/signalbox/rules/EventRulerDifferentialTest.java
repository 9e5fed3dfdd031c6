package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.rules.gen.EventGenerator;
import dev.signalbox.rules.gen.Json;
import dev.signalbox.rules.gen.PatternGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.Patterns;

/**
 * Differential test against aws/event-ruler 2.1.0 ({@code rulesForJSONEvent}), the reference
 * behaviour: generated patterns over every operator, {@code $or}, nested and dotted paths, arrays
 * of objects, numbers in many spellings and unicode, run against generated events.
 *
 * <p>Every (pattern, event) pair is compared three ways: event-ruler's machine holding all
 * patterns, {@link PatternMachine} holding all patterns, and {@link EventPattern#matches} one by
 * one. Patterns event-ruler refuses must be refused here too, and the other way round. Rules are
 * then removed from both machines and the survivors compared again.
 */
class EventRulerDifferentialTest {
    private static final int RULES = 1_000;
    private static final int EVENTS = 1_000;
    private static final ObjectMapper DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void agreesWithEventRuler(long seed) throws Exception {
        Random random = new Random(seed);
        EventGenerator events = new EventGenerator(random);
        PatternGenerator patterns = new PatternGenerator(random);
        List<String> eventTexts = new ArrayList<>();
        List<Map<String, Object>> eventTrees = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            Map<String, Object> event = events.event();
            eventTrees.add(event);
            eventTexts.add(Json.render(event));
        }

        Machine oracle = Machine.builder().build();
        PatternMachine machine = new PatternMachine();
        Map<String, String> accepted = new LinkedHashMap<>();
        Map<String, EventPattern> parsed = new LinkedHashMap<>();
        Map<String, Machine> oracles = new LinkedHashMap<>();
        List<String> refusalDisagreements = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < RULES; i++) {
            String name = "r" + i;
            String pattern = patterns.patternFrom(eventTrees.get(random.nextInt(EVENTS)));
            boolean oracleAccepts = accepts(pattern);
            EventPattern ours = null;
            try {
                ours = EventPattern.parse(pattern);
            } catch (SignalboxException e) {
                // compared below
            }
            if (oracleAccepts != (ours != null)) {
                refusalDisagreements.add(pattern + " event-ruler accepts=" + oracleAccepts);
                continue;
            }
            if (ours == null) {
                refused++;
                continue;
            }
            Machine alone = Machine.builder().build();
            alone.addRule(name, pattern);
            oracles.put(name, alone);
            oracle.addRule(name, pattern);
            machine.put(name, ours);
            accepted.put(name, pattern);
            parsed.put(name, ours);
        }
        assertEquals(
                List.of(),
                refusalDisagreements.subList(0, Math.min(5, refusalDisagreements.size())),
                refusalDisagreements.size() + " refusal disagreements");

        Counts counts = compare(oracles, oracle, machine, parsed, accepted, eventTexts);
        System.out.printf(
                "seed %d: %d patterns (%d refused by both), %d events, %d pairs, %d matching;"
                        + " event-ruler's shared machine departed from its per-pattern answers %d times,"
                        + " its per-pattern answer contradicted its atoms %d times%n",
                seed,
                parsed.size(),
                refused,
                EVENTS,
                counts.pairs,
                counts.matches,
                counts.sharedDepartures,
                counts.selfContradictions);
        assertTrue(refused > 20, "only " + refused + " refusals were generated");
        System.out.println("  operators used: " + census(accepted.values()));
        assertTrue(counts.matches > counts.pairs / 100, "only " + counts.matches + " matches in " + counts.pairs);

        List<String> names = new ArrayList<>(accepted.keySet());
        for (int i = 0; i < names.size(); i += 2) {
            oracle.deleteRule(names.get(i), accepted.get(names.get(i)));
            machine.remove(names.get(i));
            parsed.remove(names.get(i));
        }
        compare(oracles, oracle, machine, parsed, accepted, eventTexts.subList(0, EVENTS / 4));
    }

    private static Map<String, Integer> census(java.util.Collection<String> patterns) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        List<String> operators = List.of(
                "\"prefix\"",
                "\"suffix\"",
                "\"equals-ignore-case\"",
                "\"wildcard\"",
                "\"anything-but\"",
                "\"numeric\"",
                "\"exists\"",
                "\"cidr\"",
                "\"exactly\"",
                "\"$or\"");
        for (String pattern : patterns) {
            for (String operator : operators) {
                int at = pattern.indexOf(operator);
                while (at >= 0) {
                    counts.merge(operator.replace("\"", ""), 1, Integer::sum);
                    at = pattern.indexOf(operator, at + 1);
                }
            }
        }
        return counts;
    }

    private record Counts(long pairs, long matches, long sharedDepartures, long selfContradictions) {}

    /**
     * Whether event-ruler's pattern language accepts the pattern. Its {@code Machine.addRule}
     * falls back to a legacy compiler when {@code JsonRuleCompiler} refuses, which reads a
     * malformed {@code $or} as a field named "$or"; that fallback is not the language, so only
     * patterns {@code JsonRuleCompiler} accepts (and the machine can add) count as accepted.
     */
    private static boolean accepts(String pattern) {
        if (JsonRuleCompiler.check(pattern) != null) {
            return false;
        }
        try {
            Machine.builder().build().addRule("probe", pattern);
            return true;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    /**
     * Compares every (pattern, event) pair. The reference answer is event-ruler's for the pattern
     * alone (a machine per pattern): its shared machine, holding all patterns, sometimes departs
     * from its own per-pattern answers (states of multi-byte case foldings are shared between
     * rules), so the shared machine's departures are counted and reported, not used as truth.
     */
    private static Counts compare(
            Map<String, Machine> oracles,
            Machine shared,
            PatternMachine machine,
            Map<String, EventPattern> parsed,
            Map<String, String> patterns,
            List<String> events)
            throws Exception {
        long pairs = 0;
        long matches = 0;
        long sharedDepartures = 0;
        List<String> disagreements = new ArrayList<>();
        List<String> selfContradictions = new ArrayList<>();
        for (String event : events) {
            Set<String> expected = new TreeSet<>();
            for (String name : parsed.keySet()) {
                if (!oracles.get(name).rulesForJSONEvent(event).isEmpty()) {
                    expected.add(name);
                }
            }
            Set<String> fromShared = new TreeSet<>(shared.rulesForJSONEvent(event));
            fromShared.retainAll(parsed.keySet());
            Set<String> departures = new TreeSet<>(fromShared);
            departures.addAll(expected);
            Set<String> both = new TreeSet<>(fromShared);
            both.retainAll(expected);
            sharedDepartures += departures.size() - both.size();

            JsonNode node = DECIMALS.readTree(event);
            Set<String> actual = new TreeSet<>(machine.matchingRules(node));
            Set<String> oneByOne = new TreeSet<>();
            parsed.forEach((name, pattern) -> {
                if (pattern.matches(node)) {
                    oneByOne.add(name);
                }
            });
            pairs += parsed.size();
            matches += expected.size();
            if (!expected.equals(actual) || !expected.equals(oneByOne)) {
                // Where event-ruler's answer for the whole pattern contradicts its answers for the
                // pattern's atoms, the atoms are the reference (see atomized).
                Set<String> settled = new TreeSet<>(expected);
                for (String name : differing(expected, actual, oneByOne)) {
                    boolean atoms = atomized(patterns.get(name), event);
                    if (atoms != expected.contains(name)) {
                        selfContradictions.add(name + " " + patterns.get(name) + " on " + event + ": whole pattern "
                                + expected.contains(name) + ", atoms " + atoms);
                        if (atoms) {
                            settled.add(name);
                        } else {
                            settled.remove(name);
                        }
                    }
                }
                if (!settled.equals(actual) || !settled.equals(oneByOne)) {
                    disagreements.add(describe(event, settled, actual, oneByOne, patterns));
                }
            }
        }
        assertEquals(
                List.of(),
                disagreements.subList(0, Math.min(3, disagreements.size())),
                disagreements.size() + " events disagree");
        selfContradictions.stream().limit(5).forEach(c -> System.out.println("event-ruler contradicts itself: " + c));
        return new Counts(pairs, matches, sharedDepartures, selfContradictions.size());
    }

    private static Set<String> differing(Set<String> expected, Set<String> actual, Set<String> oneByOne) {
        Set<String> differing = new TreeSet<>(expected);
        differing.addAll(actual);
        differing.addAll(oneByOne);
        differing.removeIf(name ->
                expected.contains(name) == actual.contains(name) && expected.contains(name) == oneByOne.contains(name));
        return differing;
    }

    /**
     * event-ruler's answer built from its simplest uses: the pattern's conjunctions ({@code $or}
     * expanded by its own compiler), each field's value list split into single entries, each
     * combination in a machine of its own. By the language's definition the pattern matches when
     * some combination does; where event-ruler's automaton for the whole pattern says otherwise
     * (it merges states of different operators on one field, e.g. an anything-but wildcard beside
     * a suffix, and loses track of sub-rules sharing states), this is the reference.
     */
    private static boolean atomized(String pattern, String event) throws Exception {
        for (Map<String, List<Patterns>> conjunction : JsonRuleCompiler.compile(pattern)) {
            List<String> keys = new ArrayList<>(conjunction.keySet());
            int[] choice = new int[keys.size()];
            while (true) {
                Map<String, List<Patterns>> atom = new HashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    atom.put(keys.get(i), List.of(conjunction.get(keys.get(i)).get(choice[i])));
                }
                Machine machine = Machine.builder().build();
                machine.addPatternRule("atom", atom);
                if (!machine.rulesForJSONEvent(event).isEmpty()) {
                    return true;
                }
                int i = 0;
                while (i < keys.size()
                        && ++choice[i] == conjunction.get(keys.get(i)).size()) {
                    choice[i++] = 0;
                }
                if (i == keys.size()) {
                    break;
                }
            }
        }
        return false;
    }

    private static String describe(
            String event,
            Set<String> expected,
            Set<String> actual,
            Set<String> oneByOne,
            Map<String, String> patterns) {
        StringBuilder out = new StringBuilder("\nevent " + event);
        for (String name : differing(expected, actual, oneByOne)) {
            out.append("\n  ").append(name).append(' ').append(patterns.get(name));
            out.append("\n    event-ruler=").append(expected.contains(name));
            out.append(" machine=").append(actual.contains(name));
            out.append(" pattern=").append(oneByOne.contains(name));
        }
        return out.toString();
    }
}
