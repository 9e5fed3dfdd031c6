package dev.signalbox.gateway.config;

import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.RuleDefinition;
import java.util.Map;

/** What a configuration file declares: buses, each with its full set of rules. Immutable. */
public record DeclaredConfig(Map<String, DeclaredBus> buses) {

    public DeclaredConfig {
        buses = Map.copyOf(buses);
    }

    /** A bus and every rule it should have. */
    public record DeclaredBus(BusDefinition bus, Map<String, RuleDefinition> rules) {
        public DeclaredBus {
            rules = Map.copyOf(rules);
        }
    }
}
