package dev.signalbox.schema;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A schema registry: a named set of schemas with a default compatibility mode.
 *
 * <p>Immutable and thread-safe; every change makes a new value. Schemas are kept sorted by name.
 */
public record Registry(
        String name,
        Optional<String> description,
        Compatibility compatibility,
        Instant createdAt,
        Map<String, SchemaEntry> schemas) {

    public Registry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(compatibility, "compatibility");
        Objects.requireNonNull(createdAt, "createdAt");
        schemas = java.util.Collections.unmodifiableMap(new TreeMap<>(schemas));
    }

    public Optional<SchemaEntry> schema(String schemaName) {
        return Optional.ofNullable(schemas.get(schemaName));
    }

    Registry withSchema(SchemaEntry entry) {
        Map<String, SchemaEntry> next = new TreeMap<>(schemas);
        next.put(entry.name(), entry);
        return new Registry(name, description, compatibility, createdAt, next);
    }

    Registry withoutSchema(String schemaName) {
        Map<String, SchemaEntry> next = new TreeMap<>(schemas);
        next.remove(schemaName);
        return new Registry(name, description, compatibility, createdAt, next);
    }

    Registry withSettings(Optional<String> newDescription, Compatibility newCompatibility) {
        return new Registry(name, newDescription, newCompatibility, createdAt, schemas);
    }
}
