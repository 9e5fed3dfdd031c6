package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One immutable, numbered version of a schema: the JSON Schema as registered, its dialect and
 * when it was registered. The compiled validator is built once, with the version, so the ingest
 * path never compiles.
 *
 * <p>Threading: immutable and thread-safe. The schema tree is a private copy; {@link #schema()}
 * hands out another, so no caller can change a registered version.
 */
public final class SchemaVersion {
    private final String registry;
    private final String name;
    private final int version;
    private final Dialect dialect;
    private final JsonNode schema;
    private final Instant createdAt;
    private final JsonSchemas.DataValidator validator;

    public SchemaVersion(String registry, String name, int version, JsonNode schema, Instant createdAt) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = Objects.requireNonNull(name, "name");
        this.version = version;
        this.schema = Objects.requireNonNull(schema, "schema").deepCopy();
        this.dialect = Dialect.of(schema).orElse(Dialect.DRAFT_2020_12);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.validator = validatorFor(this.schema);
    }

    private static JsonSchemas.DataValidator validatorFor(JsonNode schema) {
        try {
            return JsonSchemas.compile(schema);
        } catch (dev.signalbox.core.SignalboxException e) {
            return JsonSchemas.DataValidator.unusable(
                    e.violations().isEmpty()
                            ? e.detail()
                            : e.violations().get(0).message());
        }
    }

    public String registry() {
        return registry;
    }

    /** The schema's name (not the registry's). */
    public String name() {
        return name;
    }

    /** 1 for the first version, then one more per registration. */
    public int version() {
        return version;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A copy of the JSON Schema. */
    public JsonNode schema() {
        return schema.deepCopy();
    }

    /** The JSON Schema itself, for readers in this module that never change it. */
    JsonNode schemaTree() {
        return schema;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public JsonSchemas.DataValidator validator() {
        return validator;
    }

    /** Whether {@code other} is the same JSON Schema (JSON equality, member order ignored). */
    public boolean isSameSchema(JsonNode other) {
        return schema.equals(other);
    }
}
