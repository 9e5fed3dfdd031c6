package dev.signalbox.gateway.config;

import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.RuleDefinition;
import dev.signalbox.gateway.connection.ConnectionDefinition;
import dev.signalbox.gateway.schema.DeclaredRegistry;
import java.util.Map;

/**
 * What a configuration file declares: schema registries, connections, and buses each with its
 * full set of rules; and where in the file each member is, to place the problems found later.
 * Immutable.
 */
public record DeclaredConfig(
        Map<String, DeclaredBus> buses,
        Map<String, ConnectionDefinition> connections,
        Map<String, DeclaredRegistry> registries,
        ConfigLocations locations) {

    public DeclaredConfig {
        buses = Map.copyOf(buses);
        connections = Map.copyOf(connections);
        registries = Map.copyOf(registries);
    }

    public DeclaredConfig(
            Map<String, DeclaredBus> buses,
            Map<String, ConnectionDefinition> connections,
            Map<String, DeclaredRegistry> registries) {
        this(buses, connections, registries, ConfigLocations.NONE);
    }

    /** The same declarations, found at {@code where}. */
    DeclaredConfig at(ConfigLocations where) {
        return new DeclaredConfig(buses, connections, registries, where);
    }

    public DeclaredConfig(Map<String, DeclaredBus> buses, Map<String, ConnectionDefinition> connections) {
        this(buses, connections, Map.of());
    }

    public DeclaredConfig(Map<String, DeclaredBus> buses) {
        this(buses, Map.of());
    }

    /** A bus and every rule it should have. */
    public record DeclaredBus(BusDefinition bus, Map<String, RuleDefinition> rules) {
        public DeclaredBus {
            rules = Map.copyOf(rules);
        }
    }
}
