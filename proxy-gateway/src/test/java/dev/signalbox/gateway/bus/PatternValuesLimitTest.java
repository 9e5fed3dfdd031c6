package dev.signalbox.gateway.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rule's pattern holds at most {@link DefinitionJson#MAX_PATTERN_VALUES} values, counted over
 * every field, nested object and operator argument: one more is refused before the pattern is
 * compiled, naming /pattern, since putting it would hold the router's event loop for as long
 * as its values take.
 */
class PatternValuesLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPatternAtTheLimitIsAcceptedAndOneValueMoreIsRefused() throws Exception {
        DefinitionJson.readRule("b", "r", rule(DefinitionJson.MAX_PATTERN_VALUES), Instant.EPOCH);

        SignalboxException e = assertThrows(
                SignalboxException.class,
                () -> DefinitionJson.readRule("b", "r", rule(DefinitionJson.MAX_PATTERN_VALUES + 1), Instant.EPOCH));
        assertEquals(
                List.of("/pattern"),
                e.violations().stream().map(Violation::pointer).toList());
    }

    /** A pattern of {@code values} values: a nested list and numeric ranges (four values each). */
    private static ObjectNode rule(int values) throws Exception {
        ObjectNode rule = (ObjectNode) JSON.readTree(
                "{\"targets\": [{\"id\": \"h\", \"type\": \"webhook\", \"url\": \"https://example.com/h\"}]}");
        ObjectNode pattern = rule.putObject("pattern");
        var list = pattern.putObject("data").putArray("customer");
        int ranges = (values - 1) / 8;
        for (int i = 0; i < values - 4 * ranges; i++) {
            list.add("c" + i);
        }
        var amounts = pattern.putArray("amount");
        for (int i = 0; i < ranges; i++) {
            amounts.addObject().putArray("numeric").add(">").add(i).add("<").add(i + 1);
        }
        return rule;
    }
}
