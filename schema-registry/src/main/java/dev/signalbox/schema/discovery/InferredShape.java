package dev.signalbox.schema.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The shape of the values seen at one place in a stream of JSON documents, and the JSON Schema
 * that describes it: the types seen (integer folded into number once both appear), for objects
 * each property with how often it was present (required = present in every object seen), for
 * strings the formats every value had, for arrays the shape of all their items.
 *
 * <p>{@link #merge} says whether the sample changed the schema, so a caller registers a new version
 * only when the observed shape moved, without rendering a schema per event.
 *
 * <p>Threading: not thread-safe; one owner, or callers synchronise on the instance.
 */
public final class InferredShape {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_PROPERTIES = 256;

    private final TreeSet<String> types = new TreeSet<>();
    private long objects;
    private final Map<String, InferredShape> properties = new LinkedHashMap<>();
    private long presence;
    private List<String> formats;
    private InferredShape items;

    /** Folds one value in; true when the schema this shape renders changed. */
    public boolean merge(JsonNode value) {
        return merge(value, 0);
    }

    private boolean merge(JsonNode value, int depth) {
        presence++;
        String type = typeOf(value);
        boolean changed = types.add(type);
        if (depth >= MAX_DEPTH) {
            return changed;
        }
        switch (type) {
            case "object" -> changed |= mergeObject(value, depth);
            case "array" -> {
                if (items == null && !value.isEmpty()) {
                    items = new InferredShape();
                    changed = true;
                }
                for (JsonNode item : value) {
                    changed |= items.merge(item, depth + 1);
                }
            }
            case "string" -> changed |= mergeString(value.textValue());
            default -> {}
        }
        return changed;
    }

    private boolean mergeObject(JsonNode value, int depth) {
        objects++;
        boolean changed = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            InferredShape property = properties.get(member.getKey());
            if (property == null) {
                if (properties.size() >= MAX_PROPERTIES) {
                    continue;
                }
                property = new InferredShape();
                properties.put(member.getKey(), property);
                changed = true;
            }
            changed |= property.merge(member.getValue(), depth + 1);
        }
        for (Map.Entry<String, InferredShape> property : properties.entrySet()) {
            // Present in every object until this one: it was required, now it is optional.
            if (!value.has(property.getKey()) && property.getValue().presence == objects - 1) {
                changed = true;
            }
        }
        return changed;
    }

    private boolean mergeString(String text) {
        if (formats == null) {
            formats = StringFormats.matching(text, StringFormats.ALL);
            return !formats.isEmpty();
        }
        if (formats.isEmpty()) {
            return false;
        }
        String before = formats.get(0);
        formats = StringFormats.matching(text, formats);
        return formats.isEmpty() || !formats.get(0).equals(before);
    }

    /** The JSON Schema (2020-12) of everything merged so far. */
    public ObjectNode toSchema() {
        ObjectNode schema = NODES.objectNode();
        List<String> shown = new ArrayList<>(types);
        if (shown.contains("number")) {
            shown.remove("integer");
        }
        if (shown.size() == 1) {
            schema.put("type", shown.get(0));
        } else if (shown.size() > 1) {
            ArrayNode array = schema.putArray("type");
            shown.forEach(array::add);
        }
        if (types.contains("string") && formats != null && !formats.isEmpty()) {
            schema.put("format", formats.get(0));
        }
        if (types.contains("object")) {
            ObjectNode props = schema.putObject("properties");
            List<String> required = new ArrayList<>();
            properties.forEach((name, shape) -> {
                props.set(name, shape.toSchema());
                if (shape.presence == objects) {
                    required.add(name);
                }
            });
            if (!required.isEmpty()) {
                ArrayNode array = schema.putArray("required");
                required.stream().sorted().forEach(array::add);
            }
        }
        if (types.contains("array") && items != null) {
            schema.set("items", items.toSchema());
        }
        return schema;
    }

    /**
     * A shape that renders {@code schema} (one this class produced), so discovery resumes after a
     * restart from what it registered instead of narrowing it again from the first new sample.
     * Required properties count as seen in every object, optional ones as seen in none.
     */
    public static InferredShape from(JsonNode schema) {
        InferredShape shape = new InferredShape();
        shape.seed(schema, 0);
        return shape;
    }

    private void seed(JsonNode schema, int depth) {
        presence = 1;
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            types.add(type.textValue());
        } else if (type != null && type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        if (schema.has("format")) {
            formats = new ArrayList<>(List.of(schema.get("format").asText()));
        } else if (types.contains("string")) {
            formats = new ArrayList<>();
        }
        if (depth >= MAX_DEPTH) {
            return;
        }
        JsonNode props = schema.get("properties");
        if (props != null && props.isObject()) {
            objects = 1;
            TreeSet<String> required = new TreeSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            props.fields().forEachRemaining(e -> {
                InferredShape p = new InferredShape();
                p.seed(e.getValue(), depth + 1);
                p.presence = required.contains(e.getKey()) ? 1 : 0;
                properties.put(e.getKey(), p);
            });
        }
        if (schema.has("items")) {
            items = new InferredShape();
            items.seed(schema.get("items"), depth + 1);
        }
    }

    private static String typeOf(JsonNode v) {
        if (v.isObject()) {
            return "object";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        return v.isNumber() ? "number" : "null";
    }
}
