package dev.signalbox.gateway.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.DefinitionJson;
import dev.signalbox.gateway.bus.RuleDefinition;
import dev.signalbox.gateway.config.DeclaredConfig.DeclaredBus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What applying a declared bus changes in the running one: whether its settings stay, and the
 * declared rules that are new or differ from the running ones. Comparing writes every declared and
 * running rule as JSON, time that grows with the bus's rules (seconds at 100,000), so
 * {@link ConfigWatcher} computes it on a worker and makes only the changes found from its event
 * loop. Immutable; the methods read immutable definitions only and run on any thread.
 *
 * @param rules the rules to put, in no particular order (each is put on its own)
 */
record BusChanges(boolean isSameBus, List<RuleDefinition> rules) {

    BusChanges {
        rules = List.copyOf(rules);
    }

    /**
     * @param current the running bus's settings, if the bus exists
     * @param running the running bus's rules by name (empty when it does not exist)
     */
    static BusChanges between(
            Optional<BusDefinition> current, DeclaredBus declared, Map<String, BusState.ActiveRule> running) {
        List<RuleDefinition> changed = new ArrayList<>();
        for (RuleDefinition rule : declared.rules().values()) {
            BusState.ActiveRule now = running.get(rule.name());
            if (now == null || !sameRule(now.definition(), rule)) {
                changed.add(rule);
            }
        }
        return new BusChanges(current.map(bus -> sameBus(bus, declared.bus())).orElse(false), changed);
    }

    /** The running rules the file does not declare. */
    static List<String> undeclared(DeclaredBus declared, Set<String> running) {
        List<String> gone = new ArrayList<>();
        for (String name : running) {
            if (!declared.rules().containsKey(name)) {
                gone.add(name);
            }
        }
        return gone;
    }

    private static boolean sameBus(BusDefinition a, BusDefinition b) {
        return withoutCreation(DefinitionJson.write(a)).equals(withoutCreation(DefinitionJson.write(b)));
    }

    private static boolean sameRule(RuleDefinition a, RuleDefinition b) {
        // The written form masks signing secrets, so the delivery settings are compared as well.
        if (a.targets().size() != b.targets().size()) {
            return false;
        }
        for (int i = 0; i < a.targets().size(); i++) {
            if (!a.targets().get(i).delivery().isSameAs(b.targets().get(i).delivery())) {
                return false;
            }
        }
        return withoutCreation(DefinitionJson.write(a)).equals(withoutCreation(DefinitionJson.write(b)));
    }

    private static ObjectNode withoutCreation(ObjectNode json) {
        json.remove("createdAt");
        return json;
    }
}
