package dev.signalbox.rules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signalbox.rules.gen.EventGenerator;
import dev.signalbox.rules.gen.Json;
import dev.signalbox.rules.gen.PatternGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed form a machine confirms conjunctions with answers as {@link SubRule#matches} does:
 * on generated patterns and events, and on texts long enough to stay {@link ValueTest} objects.
 */
class PackedConjunctionTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final String LONG = "x".repeat(PackedConjunction.INLINE_LIMIT) + "yz";

    @Test
    void answersAsTheConjunctionOnGeneratedPairs() throws Exception {
        Random random = new Random(11);
        EventGenerator events = new EventGenerator(random);
        PatternGenerator patterns = new PatternGenerator(random);
        List<Map<String, Object>> trees = new ArrayList<>();
        List<JsonNode> eventNodes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> event = events.event();
            trees.add(event);
            eventNodes.add(JSON.readTree(Json.render(event)));
        }
        int compared = 0;
        int matched = 0;
        for (int p = 0; p < 400; p++) {
            String text = patterns.patternFrom(trees.get(random.nextInt(trees.size())));
            CompiledPattern pattern =
                    PatternCompiler.compile(JSON.readTree(text)).pattern();
            if (pattern == null) {
                continue;
            }
            for (SubRule subRule : pattern.subRules()) {
                PackedConjunction packed = new PackedConjunction(subRule.lean());
                for (JsonNode event : eventNodes) {
                    EventFields fields = EventFields.of(event, pattern.names(), false);
                    boolean expected = subRule.matches(fields);
                    assertEquals(expected, packed.matches(fields), text + " on " + event);
                    compared++;
                    matched += expected ? 1 : 0;
                }
            }
        }
        assertTrue(compared > 50_000 && matched > 1_000, compared + " pairs, " + matched + " matching");
    }

    @Test
    void longTextsAndEveryPackedTest() throws Exception {
        String[] patterns = {
            "{\"a\": [\"" + LONG + "\"]}",
            "{\"a\": [{\"prefix\": \"" + LONG + "\"}]}",
            "{\"a\": [{\"suffix\": \"" + LONG + "\"}]}",
            "{\"a\": [{\"anything-but\": [\"" + LONG + "\", \"b\"]}]}",
            "{\"a\": [{\"anything-but\": [\"xx\", \"b\"]}]}",
            "{\"a\": [{\"prefix\": \"xx\"}, {\"suffix\": \"z\"}]}",
            "{\"a\": [{\"suffix\": \"yz\"}], \"n\": [5, true]}",
            "{\"n\": [{\"numeric\": [\">\", 1, \"<=\", 5]}], \"b\": [null, false]}",
            "{\"n\": [{\"exists\": true}], \"b\": [{\"exists\": false}]}",
            "{\"a\": [{\"equals-ignore-case\": \"X\"}, \"😀z\"], \"n\": [{\"anything-but\": [5]}]}",
        };
        String[] events = {
            "{\"a\": \"" + LONG + "\", \"n\": 5, \"b\": null}",
            "{\"a\": \"" + LONG + "z\", \"n\": 5.0, \"b\": false}",
            "{\"a\": \"" + LONG.substring(1) + "\", \"n\": true}",
            "{\"a\": [\"b\", \"xx\", \"😀z\"], \"n\": 1}",
            "{\"a\": \"xyz\", \"n\": [0.5, 3], \"b\": true}",
            "{\"a\": \"X\", \"n\": \"5\"}",
            "{\"b\": [null]}",
        };
        int matched = 0;
        for (String text : patterns) {
            CompiledPattern pattern =
                    PatternCompiler.compile(JSON.readTree(text)).pattern();
            for (SubRule subRule : pattern.subRules()) {
                PackedConjunction packed = new PackedConjunction(subRule.lean());
                for (String event : events) {
                    EventFields fields = EventFields.of(JSON.readTree(event), pattern.names(), false);
                    boolean expected = subRule.matches(fields);
                    assertEquals(expected, packed.matches(fields), text + " on " + event);
                    matched += expected ? 1 : 0;
                }
            }
        }
        assertTrue(matched > 10, matched + " matching pairs");
    }
}
