package dev.signalbox.gateway.schema;

import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.schema.Registries;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Which buses use a schema: those on its registry that map it for enforcement, and those whose
 * discovery registered it (tagged {@code bus:<name>}). Thread-safe; reads the live catalog.
 */
public final class SchemaUsage implements BiFunction<String, String, List<String>> {

    private final BusCatalog catalog;
    private final Registries registries;

    public SchemaUsage(BusCatalog catalog, Registries registries) {
        this.catalog = catalog;
        this.registries = registries;
    }

    @Override
    public List<String> apply(String registry, String schema) {
        return catalog.buses().stream()
                .filter(bus -> uses(bus, registry, schema))
                .map(BusState::name)
                .toList();
    }

    /** The buses that name {@code registry} as theirs, whatever they map. */
    public List<String> ofRegistry(String registry) {
        return catalog.buses().stream()
                .filter(bus -> bus.definition().registry().equals(Optional.of(registry)))
                .map(BusState::name)
                .toList();
    }

    private boolean uses(BusState bus, String registry, String schema) {
        BusDefinition d = bus.definition();
        if (!d.registry().equals(Optional.of(registry))) {
            return false;
        }
        if (d.schemas().maps(schema)) {
            return true;
        }
        return d.schemas().isDiscovering()
                && registries
                        .registry(registry)
                        .flatMap(r -> r.schema(schema))
                        .map(e -> e.tags().contains("bus:" + bus.name()))
                        .orElse(false);
    }
}
