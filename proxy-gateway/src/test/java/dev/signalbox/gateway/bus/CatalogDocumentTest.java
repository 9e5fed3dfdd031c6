package dev.signalbox.gateway.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.gateway.auth.SecretBox;
import dev.signalbox.gateway.bus.BusState.ActiveRule;
import dev.signalbox.gateway.bus.BusState.Routing;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bus's stored route mark read back against the topic's recovered end. The mark is taken from
 * the topic's end when the first rule is put, which counts appends not yet on disk; a power loss
 * can leave the recovered log shorter than the mark, and the offsets in between then belong to
 * events posted after the rule.
 */
class CatalogDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IngestLimits LIMITS = new IngestLimits(256 * 1024, 1000, 4_096_000, 64 * 1024);
    private static final NodeLimits NODE_LIMITS = new NodeLimits(LIMITS, LIMITS, Map.of());
    private static final SecretBox SECRETS = new SecretBox(new byte[32]);

    @Test
    void aMarkWithinTheRecoveredLogIsKept() {
        BusState bus = readBack(stored(40), 55);

        assertEquals(40, bus.routeFrom());
        assertEquals(Routing.PASSED, bus.routing(39), "stored before the rule existed");
        assertEquals(Routing.ROUTED, bus.routing(40));
    }

    @Test
    void aMarkPastTheRecoveredLogIsHeldToItsEndSoNewEventsAreRouted() {
        BusState bus = readBack(stored(40), 32);

        assertEquals(32, bus.routeFrom());
        assertEquals(Routing.ROUTED, bus.routing(32), "the first event appended after recovery");
        assertEquals(Routing.ROUTED, bus.routing(39));
    }

    @Test
    void aStoredRuleOverThePatternBoundStillLoads() {
        ObjectNode doc = stored(0);
        var sources = ((ObjectNode) doc.withArray("rules").get(0))
                .putObject("pattern")
                .putArray("source");
        for (int i = 0; i <= DefinitionJson.MAX_PATTERN_VALUES; i++) {
            sources.add("s" + i);
        }

        BusState bus = readBack(doc, 0);

        assertEquals(1, bus.rules().size(), "accepted before the bound existed: loaded, not refused");
    }

    private static ObjectNode stored(long routeFrom) {
        BusDefinition bus = DefinitionJson.readBus("b", JSON.createObjectNode(), "bus.b", Instant.EPOCH);
        return CatalogDocument.write(bus, List.of(rule()), routeFrom, SECRETS);
    }

    private static BusState readBack(ObjectNode doc, long topicEnd) {
        return CatalogDocument.read(doc, r -> new ActiveRule(r, List.of()), SECRETS, NODE_LIMITS, topic -> {
            assertEquals("bus.b", topic);
            return topicEnd;
        });
    }

    private static ActiveRule rule() {
        try {
            return new ActiveRule(
                    DefinitionJson.readRule(
                            "b",
                            "r",
                            JSON.readTree("{\"pattern\": {\"type\": [\"t\"]}, \"targets\":"
                                    + " [{\"id\": \"h\", \"type\": \"webhook\", \"url\": \"https://example.com/h\"}]}"),
                            Instant.EPOCH),
                    List.of());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
