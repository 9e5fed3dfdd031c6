package dev.signalbox.schema;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named schema of a registry: its metadata (description, tags, an optional compatibility mode
 * that overrides the registry's) and its versions, oldest first.
 *
 * <p>Immutable and thread-safe; every change makes a new value.
 */
public record SchemaEntry(
        String name,
        Optional<String> description,
        List<String> tags,
        Optional<Compatibility> compatibility,
        List<SchemaVersion> versions,
        Instant updatedAt) {

    public SchemaEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        tags = List.copyOf(tags);
        Objects.requireNonNull(compatibility, "compatibility");
        versions = List.copyOf(versions);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The newest version; every stored schema has at least one. */
    public SchemaVersion latest() {
        return versions.get(versions.size() - 1);
    }

    public Optional<SchemaVersion> version(int number) {
        return versions.stream().filter(v -> v.version() == number).findFirst();
    }

    /** The mode that applies: the schema's own, or the registry's. */
    public Compatibility effectiveCompatibility(Compatibility registryDefault) {
        return compatibility.orElse(registryDefault);
    }

    SchemaEntry withVersion(SchemaVersion added, Instant now) {
        List<SchemaVersion> next = new java.util.ArrayList<>(versions);
        next.add(added);
        return new SchemaEntry(name, description, tags, compatibility, next, now);
    }

    SchemaEntry withMetadata(
            Optional<String> newDescription,
            Optional<List<String>> newTags,
            Optional<Compatibility> newCompatibility,
            Instant now) {
        return new SchemaEntry(
                name,
                newDescription.isPresent() ? newDescription.filter(d -> !d.isEmpty()) : description,
                newTags.orElse(tags),
                newCompatibility.isPresent() ? newCompatibility : compatibility,
                versions,
                now);
    }
}
