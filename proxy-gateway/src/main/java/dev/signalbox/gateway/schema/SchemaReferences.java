package dev.signalbox.gateway.schema;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.BusSchemas;
import dev.signalbox.schema.Registries;
import dev.signalbox.schema.Registry;
import dev.signalbox.schema.SchemaEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checks, when a bus is put through the API, that the registry it names exists and that every
 * schema (and version) its mappings name is in it, so a typo is a 400 naming the member rather
 * than events silently passing unchecked. (A bus from the configuration file is not held to
 * this: its registry may be created after it.) Thread-safe.
 */
public final class SchemaReferences implements Consumer<BusDefinition> {

    private final Registries registries;

    public SchemaReferences(Registries registries) {
        this.registries = registries;
    }

    @Override
    public void accept(BusDefinition bus) {
        if (bus.registry().isEmpty()) {
            return;
        }
        Optional<Registry> registry = registries.registry(bus.registry().get());
        List<Violation> violations = new ArrayList<>();
        if (registry.isEmpty()) {
            violations.add(new Violation("/registry", "names no registry of this node"));
        } else {
            List<BusSchemas.Mapping> mappings = bus.schemas().mappings();
            for (int i = 0; i < mappings.size(); i++) {
                BusSchemas.Mapping m = mappings.get(i);
                Optional<SchemaEntry> entry = registry.get().schema(m.schema());
                if (entry.isEmpty()) {
                    violations.add(new Violation(
                            "/schemas/" + i + "/schema",
                            "names no schema of registry '" + registry.get().name() + "'"));
                } else if (m.version().isPresent()
                        && entry.get().version(m.version().get()).isEmpty()) {
                    violations.add(new Violation(
                            "/schemas/" + i + "/version", "names no version of schema '" + m.schema() + "'"));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new SignalboxException(
                    ErrorType.REQUEST_INVALID, "The bus refers to schemas this node does not have.", violations);
        }
    }
}
