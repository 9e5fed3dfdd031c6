package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;

/**
 * Runs {@code matching-cases.txt}: each case through {@link EventPattern}, a one-rule {@link
 * PatternMachine}, and event-ruler as the oracle; then all cases' rules in one machine.
 */
class MatchingCorpusTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    record Case(String name, String pattern, String event, boolean matches, Boolean oracle) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        return load().stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesAsExpected(Case c) throws Exception {
        EventPattern pattern = EventPattern.parse(c.pattern());
        JsonNode event = MAPPER.readTree(c.event());
        assertEquals(c.matches(), pattern.matches(event), "EventPattern");

        PatternMachine machine = new PatternMachine();
        machine.put("rule", pattern);
        assertEquals(c.matches(), machine.matchingRules(event).contains("rule"), "PatternMachine");

        Machine oracle = Machine.builder().build();
        oracle.addRule("rule", c.pattern());
        boolean expected = c.oracle() == null ? c.matches() : c.oracle();
        assertEquals(expected, oracle.rulesForJSONEvent(c.event()).contains("rule"), "event-ruler");
    }

    @Test
    void oneMachineHoldingEveryCaseAgrees() throws Exception {
        List<Case> all = load();
        PatternMachine machine = new PatternMachine();
        for (int i = 0; i < all.size(); i++) {
            machine.put("case" + i, EventPattern.parse(all.get(i).pattern()));
        }
        for (int i = 0; i < all.size(); i++) {
            Case c = all.get(i);
            JsonNode event = MAPPER.readTree(c.event());
            assertEquals(c.matches(), machine.matchingRules(event).contains("case" + i), c.name());
        }
    }

    private static List<Case> load() throws IOException {
        String text;
        try (InputStream in = MatchingCorpusTest.class.getResourceAsStream("matching-cases.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (String block : text.split("\\n\\s*\\n")) {
            Map<String, String> fields = new HashMap<>();
            for (String line : block.split("\\n")) {
                int colon = line.indexOf(':');
                if (!line.startsWith("#") && colon > 0) {
                    fields.put(
                            line.substring(0, colon).trim(),
                            line.substring(colon + 1).trim());
                }
            }
            if (fields.containsKey("pattern")) {
                String oracle = fields.get("event-ruler");
                cases.add(new Case(
                        fields.get("name"),
                        fields.get("pattern"),
                        fields.get("event"),
                        Boolean.parseBoolean(fields.get("matches")),
                        oracle == null ? null : oracle.startsWith("true")));
            }
        }
        return cases;
    }
}
