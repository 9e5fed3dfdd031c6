package dev.signalbox.gateway.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.schema.Compatibility;
import dev.signalbox.schema.Registry;
import dev.signalbox.schema.SchemaEntry;
import dev.signalbox.schema.SchemaVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API forms of registries, schemas and versions, and the reading of their request bodies
 * (every problem of a body reported at once, each with its JSON Pointer). Stateless.
 */
final class SchemaJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_TAGS = 32;

    private SchemaJson() {}

    static ObjectNode registry(Registry r) {
        ObjectNode json = NODES.objectNode().put("name", r.name());
        json.put("description", r.description().orElse(""));
        json.put("compatibility", r.compatibility().name());
        json.put("schemaCount", r.schemas().size());
        json.put("createdAt", r.createdAt().toString());
        return json;
    }

    static ObjectNode summary(Registry r, SchemaEntry s) {
        ObjectNode json = NODES.objectNode().put("registry", r.name()).put("name", s.name());
        json.put("description", s.description().orElse(""));
        ArrayNode tags = json.putArray("tags");
        s.tags().forEach(tags::add);
        json.put("compatibility", s.effectiveCompatibility(r.compatibility()).name());
        json.put("latestVersion", s.latest().version());
        json.put("updatedAt", s.updatedAt().toString());
        return json;
    }

    static ObjectNode detail(Registry r, SchemaEntry s) {
        ObjectNode json = summary(r, s);
        ArrayNode versions = json.putArray("versions");
        s.versions().forEach(v -> versions.addObject()
                .put("version", v.version())
                .put("createdAt", v.createdAt().toString()));
        return json;
    }

    static ObjectNode version(SchemaVersion v) {
        ObjectNode json = NODES.objectNode()
                .put("registry", v.registry())
                .put("name", v.name())
                .put("version", v.version())
                .put("dialect", v.dialect().label());
        json.set("schema", v.schema());
        json.put("createdAt", v.createdAt().toString());
        return json;
    }

    /** A body that must be an object with only the given members. */
    static ObjectNode object(JsonNode body, Set<String> known, List<Violation> violations) {
        if (body == null || !body.isObject()) {
            throw invalid("The body must be a JSON object.", List.of(new Violation("", "must be a JSON object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new Violation(Violation.pointerTo(name), "is not a known field"));
            }
        }
        return (ObjectNode) body;
    }

    static Optional<String> description(JsonNode body, List<Violation> violations) {
        JsonNode value = body.get("description");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().length() > MAX_DESCRIPTION) {
            violations.add(
                    new Violation("/description", "must be a string of at most " + MAX_DESCRIPTION + " characters"));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    static Optional<Compatibility> compatibility(JsonNode body, List<Violation> violations) {
        JsonNode value = body.get("compatibility");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        Optional<Compatibility> mode = value.isTextual() ? Compatibility.named(value.textValue()) : Optional.empty();
        if (mode.isEmpty()) {
            violations.add(
                    new Violation("/compatibility", "must be one of " + Arrays.toString(Compatibility.values())));
        }
        return mode;
    }

    static Optional<List<String>> tags(JsonNode body, List<Violation> violations) {
        JsonNode value = body.get("tags");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray() || value.size() > MAX_TAGS) {
            violations.add(new Violation("/tags", "must be an array of at most " + MAX_TAGS + " strings"));
            return Optional.empty();
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode tag = value.get(i);
            if (!tag.isTextual() || tag.textValue().isEmpty() || tag.textValue().length() > 64) {
                violations.add(new Violation("/tags/" + i, "must be a string of 1 to 64 characters"));
            } else if (!tags.contains(tag.textValue())) {
                tags.add(tag.textValue());
            }
        }
        return Optional.of(tags);
    }

    /** The {@code schema} member: the JSON Schema itself, an object or a boolean. */
    static JsonNode schema(JsonNode body, List<Violation> violations) {
        JsonNode value = body.get("schema");
        if (value == null || !(value.isObject() || value.isBoolean())) {
            violations.add(new Violation("/schema", "is required: a JSON Schema (an object or a boolean)"));
            return null;
        }
        return value;
    }

    static void requireNone(List<Violation> violations, String what) {
        if (!violations.isEmpty()) {
            throw invalid("The " + what + " has " + violations.size() + " problem(s).", violations);
        }
    }

    static SignalboxException invalid(String detail, List<Violation> violations) {
        return new SignalboxException(ErrorType.REQUEST_INVALID, detail, violations);
    }
}
