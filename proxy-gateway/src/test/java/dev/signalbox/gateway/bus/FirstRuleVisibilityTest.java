package dev.signalbox.gateway.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.core.Event;
import dev.signalbox.gateway.bus.BusState.ActiveRule;
import dev.signalbox.gateway.bus.BusState.Routing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The bus's first enabled rule against a router that reads the bus without its idle lock, as it
 * does once a wake-up finds an enabled rule: an event at the route mark that the router routes must
 * find the rule in the rule map, or the router skips the name and the rule never sees an event
 * stored after its mark. A rule change runs on a worker (BusCatalog), so the router's thread can
 * look at the bus in the middle of {@link BusState#putRule}. The bus holds many disabled rules, so
 * publishing the rule map takes long enough for the router, spinning on its own thread, to look
 * while it is made; each round puts the first rule once.
 */
class FirstRuleVisibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IngestLimits LIMITS = new IngestLimits(256 * 1024, 1000, 4_096_000, 64 * 1024);
    private static final int DISABLED_RULES = 50_000;
    private static final int ROUNDS = 40;

    @Test
    void aRouterThatSeesTheFirstRuleEnabledFindsItInTheRuleMap() throws Exception {
        ActiveRule disabled = new ActiveRule(rule("d", "disabled"), List.of());
        Map<String, ActiveRule> stored = new HashMap<>();
        for (int i = 0; i < DISABLED_RULES; i++) {
            stored.put("d" + i, disabled);
        }
        ActiveRule first = new ActiveRule(rule("first", "enabled"), List.of());
        Event event = new Event(
                Map.of("specversion", "1.0", "id", "1", "source", "/s", "type", "t"),
                "{}".getBytes(StandardCharsets.UTF_8));
        for (int round = 0; round < ROUNDS; round++) {
            BusState bus = new BusState(
                    DefinitionJson.readBus("b", JSON.createObjectNode(), "bus.b", Instant.EPOCH), LIMITS, stored, 0);
            long mark = bus.holdMark(() -> 10);
            AtomicBoolean isPut = new AtomicBoolean();
            CompletableFuture<String> skipped = new CompletableFuture<>();
            Thread router = new Thread(() -> {
                while (!isPut.get()) {
                    if (bus.hasEnabledRules()
                            && bus.routing(10) == Routing.ROUTED
                            && bus.matchingRules(event).contains("first")
                            && bus.rules().get("first") == null) {
                        skipped.complete("event 10 routed with the rule matched but not in the rule map");
                        return;
                    }
                }
                skipped.complete(null);
            });
            router.start();
            assertTrue(bus.putRule(first, mark));
            isPut.set(true);
            assertNull(skipped.get(30, TimeUnit.SECONDS), "round " + round);
            assertEquals(Routing.ROUTED, bus.routing(10));
        }
    }

    private static RuleDefinition rule(String name, String state) throws Exception {
        return DefinitionJson.readRule(
                "b",
                name,
                JSON.readTree("{\"state\": \"" + state + "\", \"pattern\": {\"type\": [\"t\"]}, \"targets\":"
                        + " [{\"id\": \"h\", \"type\": \"webhook\", \"url\": \"https://example.com/h\"}]}"),
                Instant.EPOCH);
    }
}
