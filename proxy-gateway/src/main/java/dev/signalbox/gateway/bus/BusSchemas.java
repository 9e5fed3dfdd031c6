package dev.signalbox.gateway.bus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which schema of the bus's registry each event must match, and whether the bus discovers
 * schemas from what it sees.
 *
 * <p>A mapping applies to an event either by its {@code dataschema} attribute (exactly equal) or
 * by its {@code type}, optionally narrowed to one {@code source}. When several apply, a {@code
 * dataschema} mapping wins, then a (type, source) one, then a type-only one; an event no mapping
 * covers is not checked. Immutable.
 */
public record BusSchemas(List<Mapping> mappings, boolean isDiscovering) {

    /** Nothing mapped, no discovery: the default. */
    public static final BusSchemas NONE = new BusSchemas(List.of(), false);

    /** One mapping; {@code version} empty means "the latest at the time of the event". */
    public record Mapping(
            Optional<String> type,
            Optional<String> source,
            Optional<String> dataschema,
            String schema,
            Optional<Integer> version) {
        public Mapping {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(dataschema, "dataschema");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(version, "version");
        }
    }

    public BusSchemas {
        mappings = List.copyOf(mappings);
    }

    /** The mapping that applies to an event with these attributes, if any. */
    public Optional<Mapping> mappingFor(String type, String source, String dataschema) {
        Mapping byType = null;
        Mapping byTypeAndSource = null;
        for (Mapping m : mappings) {
            if (m.dataschema().isPresent()) {
                if (m.dataschema().get().equals(dataschema)) {
                    return Optional.of(m);
                }
            } else if (m.type().get().equals(type)) {
                if (m.source().isEmpty()) {
                    byType = byType == null ? m : byType;
                } else if (m.source().get().equals(source)) {
                    byTypeAndSource = byTypeAndSource == null ? m : byTypeAndSource;
                }
            }
        }
        return Optional.ofNullable(byTypeAndSource != null ? byTypeAndSource : byType);
    }

    /** Whether a mapping names the schema. */
    public boolean maps(String schema) {
        return mappings.stream().anyMatch(m -> m.schema().equals(schema));
    }
}
