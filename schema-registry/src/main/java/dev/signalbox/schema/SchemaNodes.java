package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small readings of JSON Schema nodes shared by the compatibility check and the example maker:
 * the types a schema allows, its enum values, whether it accepts anything or nothing, local
 * {@code $ref} resolution, shallow merges. Stateless.
 */
final class SchemaNodes {

    private SchemaNodes() {}

    static boolean isAnything(JsonNode s) {
        return s == null
                || (s.isBoolean() && s.booleanValue())
                || (s.isObject() && (s.isEmpty() || onlyAnnotations(s)));
    }

    static boolean isNothing(JsonNode s) {
        return s != null && s.isBoolean() && !s.booleanValue();
    }

    private static final Set<String> ANNOTATIONS = Set.of(
            "$schema",
            "$id",
            "$comment",
            "title",
            "description",
            "default",
            "examples",
            "deprecated",
            "readOnly",
            "writeOnly",
            "$defs",
            "definitions",
            "$anchor");

    private static boolean onlyAnnotations(JsonNode s) {
        for (Iterator<String> names = s.fieldNames(); names.hasNext(); ) {
            if (!ANNOTATIONS.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    /** A local {@code $ref} replaced by its target (siblings kept); anything else as is. */
    static JsonNode resolve(JsonNode s, JsonNode root) {
        int hops = 0;
        while (s != null && s.isObject() && s.has("$ref") && s.get("$ref").isTextual() && hops++ < 32) {
            String ref = s.get("$ref").textValue();
            if (!ref.startsWith("#")) {
                return BooleanNode.TRUE;
            }
            JsonNode target =
                    root.at(java.net.URLDecoder.decode(ref.substring(1), java.nio.charset.StandardCharsets.UTF_8));
            if (target.isMissingNode()) {
                return BooleanNode.TRUE;
            }
            ObjectNode siblings = without((ObjectNode) s, "$ref");
            s = siblings.isEmpty() || !target.isObject() ? target : merged(siblings, target);
        }
        return s;
    }

    static ObjectNode without(ObjectNode s, String keyword) {
        ObjectNode copy = s.deepCopy();
        copy.remove(keyword);
        return copy;
    }

    /** A shallow merge: the second schema's keywords added to (and overriding) the first's. */
    static ObjectNode merged(ObjectNode base, JsonNode extra) {
        ObjectNode out = base.deepCopy();
        if (extra.isObject()) {
            extra.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
        } else if (extra.isBoolean() && !extra.booleanValue()) {
            return (ObjectNode) com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                    .objectNode()
                    .set("not", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        return out;
    }

    /** The types a schema allows, or null for any. */
    static Set<String> types(JsonNode s) {
        JsonNode t = s.get("type");
        if (t == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        if (t.isTextual()) {
            out.add(t.textValue());
        } else {
            t.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    static boolean mayBe(Set<String> types, String type) {
        return types == null || types.contains(type);
    }

    static List<JsonNode> enumValues(JsonNode s) {
        if (s.has("const")) {
            return List.of(s.get("const"));
        }
        if (s.has("enum") && s.get("enum").isArray()) {
            List<JsonNode> values = new ArrayList<>();
            s.get("enum").forEach(values::add);
            return values;
        }
        return null;
    }

    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    static String typeOf(JsonNode v) {
        if (v.isIntegralNumber()
                || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
            return "integer";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isNull()) {
            return "null";
        }
        return v.isArray() ? "array" : "object";
    }

    static String child(String at, String keyword, String name) {
        return at + "/" + keyword + "/" + Violation.escape(name);
    }

    static Map<String, JsonNode> members(JsonNode node) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }
}
