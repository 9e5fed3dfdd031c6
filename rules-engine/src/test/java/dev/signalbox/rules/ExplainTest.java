package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

class ExplainTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static Explanation.Mismatch why(String pattern, String event) throws Exception {
        Explanation explanation = EventPattern.parse(pattern).explain(MAPPER.readTree(event));
        assertFalse(explanation.matched());
        assertEquals(EventPattern.parse(pattern).matches(MAPPER.readTree(event)), explanation.matched());
        return explanation.mismatch().orElseThrow();
    }

    @Test
    void aMatchHasNoMismatch() throws Exception {
        Explanation explanation =
                EventPattern.parse("{\"type\": [\"a\"]}").explain(MAPPER.readTree("{\"type\": \"a\"}"));
        assertTrue(explanation.matched());
        assertTrue(explanation.mismatch().isEmpty());
        assertEquals("{\"result\":true}", explanation.toJson().toString());
    }

    @Test
    void namesTheValueThatFailed() throws Exception {
        Explanation.Mismatch m = why(
                "{\"source\": [\"shop\"], \"data\": {\"amount\": [{\"numeric\": [\">\", 100]}]}}",
                "{\"source\": \"shop\", \"data\": {\"amount\": 50}}");
        assertEquals("/data/amount", m.patternPointer());
        assertEquals("/data/amount", m.eventPath());
        assertEquals("[{\"numeric\":[\">\",100]}]", m.condition());
        assertTrue(m.reason().contains("50") && m.reason().contains("does not satisfy"), m.reason());
    }

    @Test
    void namesAMissingField() throws Exception {
        Explanation.Mismatch m = why("{\"data\": {\"customer\": {\"tier\": [\"gold\"]}}}", "{\"data\": {}}");
        assertEquals("/data/customer/tier", m.patternPointer());
        assertEquals("/data/customer/tier", m.eventPath());
        assertTrue(m.reason().contains("no value"), m.reason());
    }

    @Test
    void pointsIntoArrays() throws Exception {
        Explanation.Mismatch m = why(
                "{\"data\": {\"items\": {\"sku\": [\"Z\"]}}}",
                "{\"data\": {\"items\": [{\"sku\": \"A\"}, {\"sku\": \"B\"}]}}");
        assertEquals("/data/items/0/sku", m.eventPath());
        assertTrue(m.reason().contains("None of the values \"A\", \"B\""), m.reason());
    }

    @Test
    void explainsArrayConsistency() throws Exception {
        Explanation.Mismatch m = why(
                "{\"people\": {\"first\": [\"Anna\"], \"last\": [\"Jones\"]}}",
                "{\"people\": [{\"first\": \"Anna\", \"last\": \"Smith\"}, {\"first\": \"Peter\", \"last\": \"Jones\"}]}");
        assertEquals("/people/last", m.patternPointer());
        assertTrue(m.reason().contains("\"Smith\""), m.reason());
    }

    @Test
    void explainsExistsFalse() throws Exception {
        Explanation.Mismatch m =
                why("{\"data\": {\"error\": [{\"exists\": false}]}}", "{\"data\": {\"error\": \"boom\"}}");
        assertEquals("/data/error", m.patternPointer());
        assertTrue(m.reason().contains("must not exist"), m.reason());
    }

    @Test
    void picksTheClosestOrAlternative() throws Exception {
        Explanation.Mismatch m = why("{\"$or\": [{\"a\": [1], \"b\": [2]}, {\"c\": [3]}]}", "{\"a\": 1, \"b\": 5}");
        assertEquals("/$or/0/b", m.patternPointer());
        assertEquals("/b", m.eventPath());
    }

    @Test
    void rendersJsonForTheGateway() throws Exception {
        JsonNode json = EventPattern.parse("{\"a\": [1]}")
                .explain(MAPPER.readTree("{\"a\": 2}"))
                .toJson();
        assertFalse(json.get("result").booleanValue());
        assertEquals("/a", json.get("explanation").get("patternPointer").textValue());
        assertEquals("/a", json.get("explanation").get("eventPath").textValue());
        assertEquals("[1]", json.get("explanation").get("condition").textValue());
        assertTrue(json.get("explanation").get("reason").textValue().contains("2"));
    }

    @Test
    void anythingButAnObjectFails() {
        Explanation explanation = EventPattern.parse("{\"a\": [1]}")
                .explain(MAPPER.getNodeFactory().textNode("x"));
        assertFalse(explanation.matched());
        assertTrue(explanation.mismatch().orElseThrow().reason().contains("not a JSON object"));
    }
}
