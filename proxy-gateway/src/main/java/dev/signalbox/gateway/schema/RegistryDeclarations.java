package dev.signalbox.gateway.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.schema.DeclaredRegistry.DeclaredSchema;
import dev.signalbox.schema.Compatibility;
import dev.signalbox.schema.CompatibilityChecker;
import dev.signalbox.schema.Incompatibility;
import dev.signalbox.schema.Registries;
import dev.signalbox.schema.Registry;
import dev.signalbox.schema.SchemaEntry;
import dev.signalbox.schema.SchemaVersion;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Brings the node's schema registries in line with the registries a configuration file declares.
 * Versions are immutable, so the file lists every version of a schema, oldest first: the ones
 * the registry holds must be there unchanged, and those after them are registered in order.
 * Registries and schemas that leave the file stay (buses may use them, and versions are never
 * taken back). Threading: {@link #apply} runs on the config watcher's context, one application at
 * a time; {@link #check} only reads (the registries' reads are lock-free) and runs on a worker
 * thread, before the apply it guards.
 */
public final class RegistryDeclarations {

    private final Registries registries;
    private final Clock clock;

    public RegistryDeclarations(Registries registries, Clock clock) {
        this.registries = registries;
        this.clock = clock;
    }

    /**
     * What applying {@code declared} would fail on, before anything changes: a stored version the
     * file changes or leaves out, a version the same as the one before it, a version the
     * compatibility mode refuses. Pointers are from the file's root.
     */
    public List<Violation> check(Collection<DeclaredRegistry> declared) {
        List<Violation> problems = new ArrayList<>();
        for (DeclaredRegistry registry : declared) {
            Optional<Registry> stored = registries.registry(registry.name());
            Compatibility registryMode = registry.compatibility()
                    .orElse(stored.map(Registry::compatibility).orElse(Compatibility.BACKWARD));
            for (DeclaredSchema schema : registry.schemas().values()) {
                String at = "/registries/" + Violation.escape(registry.name()) + "/schemas/"
                        + Violation.escape(schema.name()) + "/versions";
                Optional<SchemaEntry> entry = stored.flatMap(r -> r.schema(schema.name()));
                List<SchemaVersion> held = entry.map(SchemaEntry::versions).orElse(List.of());
                checkSchema(
                        schema,
                        at,
                        held,
                        entry.map(e -> e.effectiveCompatibility(registryMode)).orElse(registryMode),
                        problems);
            }
        }
        return problems;
    }

    private void checkSchema(
            DeclaredSchema schema, String at, List<SchemaVersion> held, Compatibility mode, List<Violation> problems) {
        if (held.size() > schema.versions().size()) {
            problems.add(new Violation(
                    at,
                    "the registry holds " + held.size() + " versions of this schema; versions are immutable, so the"
                            + " file lists them all, oldest first"));
            return;
        }
        for (int i = 0; i < held.size(); i++) {
            if (!held.get(i).isSameSchema(schema.versions().get(i))) {
                problems.add(new Violation(
                        at + "/" + i,
                        "differs from the stored version " + (i + 1) + "; versions are immutable: add a new version"
                                + " at the end instead"));
            }
        }
        List<SchemaVersion> earlier = new ArrayList<>(held);
        for (int i = held.size(); i < schema.versions().size(); i++) {
            JsonNode candidate = schema.versions().get(i);
            if (i > 0 && schema.versions().get(i - 1).equals(candidate)) {
                problems.add(new Violation(at + "/" + i, "repeats the version before it; each version must differ"));
                continue;
            }
            for (Incompatibility p : CompatibilityChecker.check(mode, candidate, earlier)) {
                problems.add(new Violation(
                        at + "/" + i + p.pointer(),
                        "breaks " + mode + " compatibility with version " + p.version() + ": " + p.message()));
            }
            earlier.add(new SchemaVersion("", schema.name(), earlier.size() + 1, candidate, clock.instant()));
        }
    }

    /** Creates or updates the declared registries and registers each schema's new versions, in order. */
    public Future<Void> apply(Context context, Collection<DeclaredRegistry> declared) {
        Future<Void> chain = Future.succeededFuture();
        for (DeclaredRegistry registry : declared) {
            chain = chain.compose(v -> putRegistry(context, registry));
            for (DeclaredSchema schema : registry.schemas().values()) {
                chain = chain.compose(v -> putSchema(context, registry.name(), schema));
            }
        }
        return chain;
    }

    private Future<Void> putRegistry(Context context, DeclaredRegistry declared) {
        Optional<Registry> stored = registries.registry(declared.name());
        boolean isSame = stored.isPresent()
                && stored.get().description().equals(declared.description())
                && declared.compatibility()
                        .map(stored.get().compatibility()::equals)
                        .orElse(true);
        return isSame
                ? Future.succeededFuture()
                : Stages.on(
                                context,
                                registries.putRegistry(
                                        declared.name(), declared.description(), declared.compatibility()))
                        .mapEmpty();
    }

    private Future<Void> putSchema(Context context, String registry, DeclaredSchema schema) {
        int held = registries
                .registry(registry)
                .flatMap(r -> r.schema(schema.name()))
                .map(e -> e.versions().size())
                .orElse(0);
        Future<Void> chain = Future.succeededFuture();
        for (int i = held; i < schema.versions().size(); i++) {
            JsonNode version = schema.versions().get(i);
            chain = chain.compose(v -> Stages.on(
                            context,
                            registries.register(registry, schema.name(), version, schema.description(), schema.tags()))
                    .mapEmpty());
        }
        return chain.compose(v -> {
            SchemaEntry entry = registries.requireSchema(registry, schema.name());
            boolean isSame = schema.description()
                            .map(d -> entry.description().equals(Optional.of(d)))
                            .orElse(true)
                    && schema.tags().map(entry.tags()::equals).orElse(true);
            return isSame
                    ? Future.succeededFuture()
                    : Stages.on(
                                    context,
                                    registries.updateSchema(
                                            registry,
                                            schema.name(),
                                            schema.description(),
                                            schema.tags(),
                                            Optional.empty()))
                            .mapEmpty();
        });
    }
}
