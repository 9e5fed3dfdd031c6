package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The registries of a node: kept in memory for readers (the ingest path looks schemas up on every
 * event) and in a {@link RegistryRepository} for restarts.
 *
 * <p>Threading: reads are lock-free from any thread and see whole registries. Changes run one at a
 * time through a chain of stages, each starting from the state the previous one left, and become
 * visible only after the repository holds them; a change's stage completes on whichever thread the
 * repository completes on.
 */
public final class Registries {

    private final RegistryRepository repository;
    private final Clock clock;
    private final Map<String, Registry> registries = new ConcurrentHashMap<>();
    private CompletionStage<?> tail = CompletableFuture.completedFuture(null);

    public Registries(RegistryRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Reads every stored registry. Blocking: call once at start. */
    public void load() throws IOException {
        for (byte[] doc : repository.loadAll().values()) {
            Registry registry = RegistryDocument.read(doc);
            registries.put(registry.name(), registry);
        }
    }

    public Collection<Registry> list() {
        return new TreeMap<>(registries).values();
    }

    public Optional<Registry> registry(String name) {
        return Optional.ofNullable(registries.get(name));
    }

    public Registry requireRegistry(String name) {
        Registry registry = registries.get(name);
        if (registry == null) {
            throw new SignalboxException(ErrorType.REGISTRY_NOT_FOUND, "There is no registry named '" + name + "'.");
        }
        return registry;
    }

    public SchemaEntry requireSchema(String registry, String schema) {
        return requireRegistry(registry)
                .schema(schema)
                .orElseThrow(() -> new SignalboxException(
                        ErrorType.SCHEMA_NOT_FOUND,
                        "Registry '" + registry + "' has no schema named '" + schema + "'."));
    }

    /** A version by number, or the latest for {@code "latest"}. */
    public SchemaVersion requireVersion(String registry, String schema, String version) {
        SchemaEntry entry = requireSchema(registry, schema);
        if (version.equals("latest")) {
            return entry.latest();
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            number = -1;
        }
        return entry.version(number)
                .orElseThrow(() -> new SignalboxException(
                        ErrorType.SCHEMA_VERSION_NOT_FOUND,
                        "Schema '" + schema + "' has no version '" + version + "'; use a number or 'latest'."));
    }

    /** The outcome of a change: the value now stored and whether it was created. */
    public record Put<T>(T value, boolean isCreated) {}

    public CompletionStage<Put<Registry>> putRegistry(
            String name, Optional<String> description, Optional<Compatibility> compatibility) {
        return serialised(() -> {
            Registry existing = registries.get(name);
            Registry next = existing == null
                    ? new Registry(
                            name, description, compatibility.orElse(Compatibility.BACKWARD), clock.instant(), Map.of())
                    : existing.withSettings(description, compatibility.orElse(existing.compatibility()));
            return save(next).thenApply(v -> new Put<>(next, existing == null));
        });
    }

    public CompletionStage<Boolean> deleteRegistry(String name) {
        return serialised(() -> {
            if (!registries.containsKey(name)) {
                return CompletableFuture.completedFuture(false);
            }
            return repository.delete(name).thenApply(deleted -> {
                registries.remove(name);
                return true;
            });
        });
    }

    /**
     * Registers {@code schema} as the next version of {@code schemaName}, creating the schema when
     * new. The same schema as the latest version is not a new version: it answers that version
     * with {@code isCreated} false. Fails with {@code schema.invalid} for a schema its dialect's
     * meta-schema refuses and {@code schema.incompatible} for one the mode forbids.
     */
    public CompletionStage<Put<SchemaVersion>> register(
            String registryName,
            String schemaName,
            JsonNode schema,
            Optional<String> description,
            Optional<List<String>> tags) {
        return register(registryName, schemaName, schema, description, tags, Optional.empty());
    }

    /**
     * As {@link #register(String, String, JsonNode, Optional, Optional)}, giving a new schema its
     * own mode (discovery registers with {@code NONE}: an observed shape is a fact, not a proposal).
     */
    public CompletionStage<Put<SchemaVersion>> register(
            String registryName,
            String schemaName,
            JsonNode schema,
            Optional<String> description,
            Optional<List<String>> tags,
            Optional<Compatibility> modeIfNew) {
        List<Violation> invalid = JsonSchemas.problems(schema);
        if (!invalid.isEmpty()) {
            return CompletableFuture.failedFuture(new SignalboxException(
                    ErrorType.SCHEMA_INVALID,
                    "The schema is not a valid JSON Schema: " + invalid.size() + " problem(s).",
                    invalid.stream()
                            .map(v -> new Violation("/schema" + v.pointer(), v.message()))
                            .toList()));
        }
        return serialised(() -> {
            Registry registry = requireRegistry(registryName);
            Instant now = clock.instant();
            Optional<SchemaEntry> existing = registry.schema(schemaName);
            if (existing.isPresent() && existing.get().latest().isSameSchema(schema)) {
                return CompletableFuture.completedFuture(
                        new Put<>(existing.get().latest(), false));
            }
            SchemaEntry entry = existing.map(e -> e.withMetadata(description, tags, Optional.empty(), now))
                    .orElseGet(() -> new SchemaEntry(
                            schemaName,
                            description.filter(d -> !d.isEmpty()),
                            tags.orElse(List.of()),
                            modeIfNew,
                            List.of(),
                            now));
            Compatibility mode = entry.effectiveCompatibility(registry.compatibility());
            List<Incompatibility> problems = CompatibilityChecker.check(mode, schema, entry.versions());
            if (!problems.isEmpty()) {
                throw incompatible(mode, problems);
            }
            int number = entry.versions().isEmpty() ? 1 : entry.latest().version() + 1;
            SchemaVersion version = new SchemaVersion(registryName, schemaName, number, schema, now);
            Registry next = registry.withSchema(entry.withVersion(version, now));
            return save(next).thenApply(v -> new Put<>(version, true));
        });
    }

    private static SignalboxException incompatible(Compatibility mode, List<Incompatibility> problems) {
        List<Violation> violations = new ArrayList<>();
        for (Incompatibility i : problems) {
            violations.add(new Violation(i.pointer(), "version " + i.version() + ": " + i.message()));
        }
        return new SignalboxException(
                ErrorType.SCHEMA_INCOMPATIBLE,
                "The schema breaks " + mode + " compatibility in " + problems.size() + " place(s).",
                violations);
    }

    /** The report of a compatibility check that registers nothing. */
    public record CompatibilityReport(boolean isCompatible, Compatibility mode, List<Incompatibility> problems) {}

    public CompatibilityReport check(String registryName, String schemaName, JsonNode schema) {
        List<Violation> invalid = JsonSchemas.problems(schema);
        if (!invalid.isEmpty()) {
            throw new SignalboxException(
                    ErrorType.SCHEMA_INVALID,
                    "The schema is not a valid JSON Schema.",
                    invalid.stream()
                            .map(v -> new Violation("/schema" + v.pointer(), v.message()))
                            .toList());
        }
        Registry registry = requireRegistry(registryName);
        SchemaEntry entry = requireSchema(registryName, schemaName);
        Compatibility mode = entry.effectiveCompatibility(registry.compatibility());
        List<Incompatibility> problems = CompatibilityChecker.check(mode, schema, entry.versions());
        return new CompatibilityReport(problems.isEmpty(), mode, problems);
    }

    /** Changes a schema's description, tags or mode; absent values keep what was there. */
    public CompletionStage<SchemaEntry> updateSchema(
            String registryName,
            String schemaName,
            Optional<String> description,
            Optional<List<String>> tags,
            Optional<Compatibility> compatibility) {
        return serialised(() -> {
            Registry registry = requireRegistry(registryName);
            SchemaEntry entry = requireSchema(registryName, schemaName)
                    .withMetadata(description, tags, compatibility, clock.instant());
            return save(registry.withSchema(entry)).thenApply(v -> entry);
        });
    }

    public CompletionStage<Boolean> deleteSchema(String registryName, String schemaName) {
        return serialised(() -> {
            Registry registry = requireRegistry(registryName);
            if (registry.schema(schemaName).isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            return save(registry.withoutSchema(schemaName)).thenApply(v -> true);
        });
    }

    private CompletionStage<Void> save(Registry next) {
        return repository
                .put(next.name(), RegistryDocument.write(next))
                .thenRun(() -> registries.put(next.name(), next));
    }

    private synchronized <T> CompletionStage<T> serialised(Supplier<CompletionStage<T>> change) {
        CompletionStage<T> next = tail.handle((ignored, failure) -> null).thenCompose(ignored -> {
            try {
                return change.get();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        tail = next;
        return next;
    }
}
