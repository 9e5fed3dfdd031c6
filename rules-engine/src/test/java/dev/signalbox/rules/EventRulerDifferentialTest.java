package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.event.ruler.Machine;

/**
 * Differential test against aws/event-ruler 2.1.0 ({@code rulesForJSONEvent}), the reference
 * behaviour: thousands of generated exact-value patterns and events, every answer compared.
 */
class EventRulerDifferentialTest {
    private static final int RULES = 2_500;
    private static final int EVENTS = 2_000;
    private static final ObjectMapper DECIMALS = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final ObjectMapper DOUBLES = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void agreesWithEventRuler(long seed) throws Exception {
        RandomJson random = new RandomJson(seed);
        Map<String, String> patterns = new LinkedHashMap<>();
        for (int i = 0; i < RULES; i++) {
            patterns.put("r" + i, random.patternFrom(random.event()));
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(random.event());
        }

        Machine oracle = Machine.builder().build();
        PatternMachine machine = new PatternMachine();
        Map<String, EventPattern> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> rule : patterns.entrySet()) {
            oracle.addRule(rule.getKey(), rule.getValue());
            EventPattern pattern = EventPattern.parse(rule.getValue());
            parsed.put(rule.getKey(), pattern);
            machine.put(rule.getKey(), pattern);
        }
        int matches = compare(oracle, machine, parsed, patterns, events);
        // The generator must produce a meaningful mix, or agreement would prove little.
        assertTrue(matches > EVENTS, "only " + matches + " matches in total");

        for (int i = 0; i < RULES; i += 2) {
            String name = "r" + i;
            oracle.deleteRule(name, patterns.get(name));
            machine.remove(name);
            parsed.remove(name);
        }
        compare(oracle, machine, parsed, patterns, events.subList(0, EVENTS / 4));
    }

    private static int compare(
            Machine oracle,
            PatternMachine machine,
            Map<String, EventPattern> parsed,
            Map<String, String> patterns,
            List<String> events)
            throws Exception {
        int total = 0;
        List<String> disagreements = new ArrayList<>();
        for (String event : events) {
            Set<String> expected = new TreeSet<>(oracle.rulesForJSONEvent(event));
            total += expected.size();
            for (ObjectMapper mapper : List.of(DECIMALS, DOUBLES)) {
                JsonNode node = mapper.readTree(event);
                Set<String> actual = new TreeSet<>(machine.matchingRules(node));
                Set<String> oneByOne = new TreeSet<>();
                parsed.forEach((name, pattern) -> {
                    if (pattern.matches(node)) {
                        oneByOne.add(name);
                    }
                });
                if (!expected.equals(actual) || !expected.equals(oneByOne)) {
                    disagreements.add(describe(event, expected, actual, oneByOne, patterns));
                }
            }
        }
        assertEquals(
                List.of(),
                disagreements.subList(0, Math.min(5, disagreements.size())),
                disagreements.size() + " disagreements");
        return total;
    }

    private static String describe(
            String event,
            Set<String> expected,
            Set<String> actual,
            Set<String> oneByOne,
            Map<String, String> patterns) {
        Set<String> differing = new HashSet<>(expected);
        differing.addAll(actual);
        differing.addAll(oneByOne);
        differing.removeIf(name ->
                expected.contains(name) == actual.contains(name) && expected.contains(name) == oneByOne.contains(name));
        StringBuilder out = new StringBuilder("event " + event);
        for (String name : differing) {
            out.append("\n  ")
                    .append(name)
                    .append(' ')
                    .append(patterns.get(name))
                    .append(" oracle=")
                    .append(expected.contains(name))
                    .append(" machine=")
                    .append(actual.contains(name))
                    .append(" pattern=")
                    .append(oneByOne.contains(name));
        }
        return out.toString();
    }
}
