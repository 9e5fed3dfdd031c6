package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A pattern whose field lists very many values is put in time that grows with the values, not
 * with their square: the distinct slots of a field were found with a list's {@code contains},
 * and a rule with 200,000 values held the gateway's event loop for seven minutes while it was
 * put (120,000 values took over a minute; now a few seconds on a loaded machine).
 */
class PatternSizeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int VALUES = 120_000;

    @Test
    void aFieldWithVeryManyValuesIsPutInLinearTime() throws Exception {
        StringBuilder pattern = new StringBuilder("{\"source\": [");
        for (int i = 0; i < VALUES; i++) {
            pattern.append(i == 0 ? "" : ",").append("\"s").append(i).append('"');
        }
        EventPattern parsed = EventPattern.parse(pattern.append("]}").toString());
        PatternMachine machine = new PatternMachine();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> machine.put("many", parsed));
        assertTrue(machine.matchingRules(event("{\"source\": \"s" + (VALUES - 1) + "\"}"))
                .contains("many"));
        assertFalse(machine.matchingRules(event("{\"source\": \"s" + VALUES + "\"}"))
                .contains("many"));
    }

    private static JsonNode event(String json) throws Exception {
        return MAPPER.readTree(json);
    }
}
