package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.path.PathType;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema through networknt json-schema-validator: checks that a schema is valid for its
 * dialect (against the dialect's meta-schema, with pointers into the schema) and compiles it into
 * a {@link DataValidator}. {@code format} is asserted, not only annotated: a registry that says a
 * field is a {@code date-time} should refuse one that is not. Remote references are never fetched,
 * so a schema cannot make the node reach out to the network.
 *
 * <p>Threading: stateless apart from one networknt registry per dialect, which is thread-safe.
 */
public final class JsonSchemas {

    private static final SchemaRegistryConfig CONFIG = SchemaRegistryConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();
    private static final List<JsonNode> PROBES = List.of(
            com.fasterxml.jackson.databind.node.NullNode.instance,
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode(),
            com.fasterxml.jackson.databind.node.TextNode.valueOf(""),
            com.fasterxml.jackson.databind.node.IntNode.valueOf(0));
    private static final Map<Dialect, SchemaRegistry> REGISTRIES = new EnumMap<>(Dialect.class);

    static {
        for (Dialect d : Dialect.values()) {
            REGISTRIES.put(d, SchemaRegistry.withDefaultDialect(d.specification(), b -> b.schemaRegistryConfig(CONFIG)
                    .schemaLoader(loader -> loader.fetchRemoteResources(false))));
        }
    }

    private JsonSchemas() {}

    /**
     * Every reason the document is not a usable schema, each with a JSON Pointer into it; empty
     * when it is one.
     */
    public static List<Violation> problems(JsonNode schema) {
        List<Violation> problems = new ArrayList<>();
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            problems.add(new Violation("", "must be a JSON Schema: an object or a boolean"));
            return problems;
        }
        if (schema.isBoolean()) {
            return problems;
        }
        Dialect dialect = Dialect.of(schema).orElse(null);
        if (dialect == null) {
            problems.add(new Violation(
                    "/$schema", "must be " + Dialect.DRAFT_2020_12.uri() + " or " + Dialect.DRAFT_07.uri()));
            return problems;
        }
        Schema meta = REGISTRIES.get(dialect).getSchema(SchemaLocation.of(dialect.uri()));
        List<Error> metaErrors;
        try {
            metaErrors = meta.validate(schema);
        } catch (StackOverflowError e) {
            // networknt validates recursively, with no depth bound of its own.
            problems.add(new Violation("", "is nested too deeply to be checked"));
            return problems;
        }
        for (Error error : metaErrors) {
            problems.add(new Violation(pointer(error), error.getMessage()));
        }
        if (problems.isEmpty()) {
            try {
                // Resolving every $ref now: one the node cannot resolve (remote and file
                // references are never fetched) would otherwise fail each event's validation.
                DataValidator validator = compile(schema);
                validator.schema.initializeValidators();
                // References reached only through dynamic scope resolve at validation time:
                // try the schema on one value of each kind so that they fail here too.
                for (JsonNode probe : PROBES) {
                    validator.schema.validate(probe);
                }
            } catch (SchemaException e) {
                problems.add(new Violation("", "has a $ref that cannot be resolved: " + e.getMessage()));
            } catch (SignalboxException | IllegalArgumentException | IllegalStateException e) {
                problems.add(new Violation("", "cannot be compiled: " + e.getMessage()));
            } catch (StackOverflowError e) {
                // A $ref cycle that checks nothing on the way ({"$ref": "#"}) recurses for ever
                // on any value, and so would every event's validation.
                problems.add(new Violation(
                        "",
                        "cannot be used: checking a value against it never ends (a $ref cycle that checks"
                                + " nothing on its way, such as {\"$ref\": \"#\"}) or nests too deeply"));
            }
        }
        return problems;
    }

    /** Compiles a schema {@link #problems} found nothing wrong with. */
    public static DataValidator compile(JsonNode schema) {
        Dialect dialect = Dialect.of(schema).orElse(Dialect.DRAFT_2020_12);
        try {
            return new DataValidator(REGISTRIES.get(dialect).getSchema(schema));
        } catch (SchemaException e) {
            throw new SignalboxException(
                    ErrorType.SCHEMA_INVALID,
                    "The schema cannot be compiled.",
                    List.of(new Violation("", String.valueOf(e.getMessage()))));
        }
    }

    static String pointer(Error error) {
        return error.getInstanceLocation() == null
                ? ""
                : error.getInstanceLocation().toString();
    }

    /**
     * A compiled schema. Threading: immutable and thread-safe; validating allocates only the
     * error list.
     */
    public static final class DataValidator {
        private final Schema schema;
        private final String unusable;

        DataValidator(Schema schema) {
            this.schema = schema;
            this.unusable = null;
        }

        private DataValidator(String unusable) {
            this.schema = null;
            this.unusable = unusable;
        }

        /**
         * A validator for a stored schema that no longer compiles at all: every document is
         * reported against it rather than the node failing to start.
         */
        static DataValidator unusable(String reason) {
            return new DataValidator(reason);
        }

        /**
         * Every violation of the schema by {@code data} (which may be null for "no data"), each
         * with a pointer into {@code data} prefixed by {@code prefix}.
         *
         * @throws SignalboxException {@link ErrorType#EVENT_DATA_TOO_DEEP} when {@code data} nests
         *     deeper than {@link DataDepth#MAX} levels: it is not checked at all
         */
        public List<Violation> validate(JsonNode data, String prefix) {
            if (unusable != null) {
                return List.of(new Violation(prefix, "cannot be checked: " + unusable));
            }
            DataDepth.require(data, prefix);
            List<Error> errors;
            try {
                errors = schema.validate(
                        data == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : data);
            } catch (SchemaException e) {
                // A schema registered before $refs were resolved at registration: its data cannot
                // be checked, which is the event's violation, not the node's failure.
                return List.of(new Violation(
                        prefix,
                        "cannot be checked: the schema has a $ref that cannot be resolved (" + e.getMessage() + ")"));
            } catch (StackOverflowError e) {
                // The last resort only: DataDepth refused data deeper than its bound above, but
                // networknt spends frames per level as the schema says (allOf, anyOf, $ref
                // chains), so a schema that wraps each level in dozens of them could still run
                // out of stack within the bound. Unchecked data is the event's violation;
                // escaping, the error left the request unanswered.
                return List.of(new Violation(
                        prefix, "cannot be checked: the data is nested too deeply to be validated against the schema"));
            }
            if (errors.isEmpty()) {
                return List.of();
            }
            List<Violation> violations = new ArrayList<>(errors.size());
            for (Error e : errors) {
                violations.add(new Violation(prefix + pointer(e), e.getMessage()));
            }
            return violations;
        }

        List<Violation> validate(JsonNode data) {
            return validate(data, "");
        }

        /** Whether {@code data} satisfies the schema. */
        public boolean accepts(JsonNode data) {
            return validate(data, "").isEmpty();
        }
    }
}
