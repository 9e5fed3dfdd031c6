package dev.signalbox.gateway.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.Names;
import dev.signalbox.schema.Compatibility;
import dev.signalbox.schema.JsonSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A schema registry as a configuration file declares it: the settings of {@code PUT
 * /v1/registries/{registry}} and its schemas, each with its metadata and every version in order,
 * oldest first. Immutable.
 *
 * <pre>
 * registries:
 *   shop:
 *     compatibility: BACKWARD
 *     schemas:
 *       order-placed:
 *         description: An order was placed
 *         tags: [orders]
 *         versions:
 *           - {type: object, properties: {id: {type: string}}}
 * </pre>
 */
public record DeclaredRegistry(
        String name,
        Optional<String> description,
        Optional<Compatibility> compatibility,
        Map<String, DeclaredSchema> schemas) {

    public DeclaredRegistry {
        schemas = Map.copyOf(schemas);
    }

    /** A schema of a declared registry: its metadata and its versions, oldest first. */
    public record DeclaredSchema(
            String name, Optional<String> description, Optional<List<String>> tags, List<JsonNode> versions) {
        public DeclaredSchema {
            versions = List.copyOf(versions);
        }
    }

    /**
     * Reads one entry of the file's {@code registries}; throws a problem with every violation,
     * pointers relative to the entry ({@code /schemas/order/versions/1/type}).
     */
    public static DeclaredRegistry read(String name, JsonNode node) {
        List<Violation> violations = new ArrayList<>();
        if (!Names.isValid(name)) {
            violations.add(new Violation("", "registry names are 1 to 64 letters, digits, '.', '_' or '-'"));
            throw SchemaJson.invalid("The registry's name is not valid.", violations);
        }
        ObjectNode body = SchemaJson.object(node, Set.of("description", "compatibility", "schemas"), violations);
        Optional<String> description = SchemaJson.description(body, violations);
        Optional<Compatibility> mode = SchemaJson.compatibility(body, violations);
        Map<String, DeclaredSchema> schemas = new LinkedHashMap<>();
        JsonNode schemasNode = body.get("schemas");
        if (schemasNode != null && !schemasNode.isNull() && !schemasNode.isObject()) {
            violations.add(new Violation("/schemas", "must be a mapping of schema names to schemas"));
        } else if (schemasNode != null) {
            schemasNode.properties().forEach(entry -> {
                DeclaredSchema schema = schema(entry.getKey(), entry.getValue(), violations);
                if (schema != null) {
                    schemas.put(entry.getKey(), schema);
                }
            });
        }
        SchemaJson.requireNone(violations, "registry declaration");
        return new DeclaredRegistry(name, description, mode, schemas);
    }

    private static DeclaredSchema schema(String name, JsonNode node, List<Violation> violations) {
        String at = "/schemas/" + Violation.escape(name);
        if (!Names.isValid(name)) {
            violations.add(new Violation(at, "schema names are 1 to 64 letters, digits, '.', '_' or '-'"));
            return null;
        }
        if (node == null || !node.isObject()) {
            violations.add(new Violation(at, "must be a mapping with the schema's versions"));
            return null;
        }
        List<Violation> own = new ArrayList<>();
        for (String field : iterable(node)) {
            if (!Set.of("description", "tags", "versions").contains(field)) {
                own.add(new Violation("/" + Violation.escape(field), "is not a known field"));
            }
        }
        Optional<String> description = SchemaJson.description(node, own);
        Optional<List<String>> tags = SchemaJson.tags(node, own);
        List<JsonNode> versions = new ArrayList<>();
        JsonNode list = node.get("versions");
        if (list == null || !list.isArray() || list.isEmpty()) {
            own.add(new Violation("/versions", "must be a list of the schema's versions (JSON Schemas), oldest first"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode version = list.get(i);
                String versionAt = "/versions/" + i;
                if (!version.isObject() && !version.isBoolean()) {
                    own.add(new Violation(versionAt, "must be a JSON Schema (an object or a boolean)"));
                    continue;
                }
                JsonSchemas.problems(version)
                        .forEach(v -> own.add(new Violation(versionAt + v.pointer(), v.message())));
                versions.add(version);
            }
        }
        own.forEach(v -> violations.add(new Violation(at + v.pointer(), v.message())));
        return own.isEmpty() ? new DeclaredSchema(name, description, tags, versions) : null;
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }
}
