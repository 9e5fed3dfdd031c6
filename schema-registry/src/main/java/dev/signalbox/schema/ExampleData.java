package dev.signalbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Makes a document that a schema accepts, for the console's "example event": the schema's own
 * {@code examples}, {@code const}, {@code enum} or {@code default} where it gives one, otherwise
 * a plausible value per type and format (a date-time, a UUID, a URI, an e-mail address), every
 * property filled in, arrays with as many items as {@code minItems} asks (at least one).
 *
 * <p>Best effort for the hard keywords ({@code not}, {@code pattern}); callers validate the result.
 * Stateless and thread-safe.
 */
public final class ExampleData {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 12;

    private ExampleData() {}

    public static JsonNode of(JsonNode schema) {
        return value(schema, schema, 0);
    }

    private static JsonNode value(JsonNode s, JsonNode root, int depth) {
        if (s == null || s.isBoolean() || depth > MAX_DEPTH) {
            return NODES.objectNode();
        }
        if (s.has("$ref") && s.get("$ref").asText().startsWith("#")) {
            JsonNode target = root.at(s.get("$ref").asText().substring(1));
            return target.isMissingNode() ? NODES.nullNode() : value(target, root, depth + 1);
        }
        if (s.has("examples")
                && s.get("examples").isArray()
                && !s.get("examples").isEmpty()) {
            return s.get("examples").get(0).deepCopy();
        }
        if (s.has("const")) {
            return s.get("const").deepCopy();
        }
        if (s.has("enum") && !s.get("enum").isEmpty()) {
            return s.get("enum").get(0).deepCopy();
        }
        if (s.has("default")) {
            return s.get("default").deepCopy();
        }
        for (String keyword : new String[] {"oneOf", "anyOf"}) {
            if (s.has(keyword) && !s.get(keyword).isEmpty()) {
                return value(
                        SchemaNodes.merged(
                                SchemaNodes.without((ObjectNode) s, keyword),
                                s.get(keyword).get(0)),
                        root,
                        depth + 1);
            }
        }
        if (s.has("allOf")) {
            ObjectNode flat = SchemaNodes.without((ObjectNode) s, "allOf");
            for (JsonNode part : s.get("allOf")) {
                flat = SchemaNodes.merged(flat, part);
            }
            return value(flat, root, depth + 1);
        }
        Set<String> types = SchemaNodes.types(s);
        String type = types == null ? guessType(s) : preferred(types);
        return switch (type) {
            case "object" -> object(s, root, depth);
            case "array" -> array(s, root, depth);
            case "string" -> NODES.textNode(string(s));
            case "integer" -> NODES.numberNode(number(s, true).toBigInteger());
            case "number" -> NODES.numberNode(number(s, false));
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.nullNode();
        };
    }

    private static String preferred(Set<String> types) {
        return types.stream().filter(t -> !t.equals("null")).findFirst().orElse("null");
    }

    private static String guessType(JsonNode s) {
        if (s.has("properties") || s.has("required") || s.has("additionalProperties")) {
            return "object";
        }
        if (s.has("items") || s.has("prefixItems")) {
            return "array";
        }
        return s.has("minimum") || s.has("maximum") ? "number" : "string";
    }

    private static ObjectNode object(JsonNode s, JsonNode root, int depth) {
        ObjectNode out = NODES.objectNode();
        JsonNode properties = s.get("properties");
        if (properties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                out.set(p.getKey(), value(p.getValue(), root, depth + 1));
            }
        }
        if (s.has("required")) {
            for (JsonNode name : s.get("required")) {
                if (!out.has(name.asText())) {
                    JsonNode extra = s.get("additionalProperties");
                    out.set(
                            name.asText(),
                            extra != null && extra.isObject()
                                    ? value(extra, root, depth + 1)
                                    : NODES.textNode("example"));
                }
            }
        }
        return out;
    }

    private static ArrayNode array(JsonNode s, JsonNode root, int depth) {
        ArrayNode out = NODES.arrayNode();
        JsonNode prefix =
                s.has("prefixItems") ? s.get("prefixItems") : (s.path("items").isArray() ? s.get("items") : null);
        if (prefix != null) {
            prefix.forEach(item -> out.add(value(item, root, depth + 1)));
            return out;
        }
        int count = Math.max(1, s.path("minItems").asInt(1));
        if (s.has("maxItems")) {
            count = Math.min(count, s.get("maxItems").asInt());
        }
        for (int i = 0; i < count; i++) {
            out.add(value(s.get("items"), root, depth + 1));
        }
        return out;
    }

    private static String string(JsonNode s) {
        String text =
                switch (s.path("format").asText("")) {
                    case "date-time" -> "2026-01-01T12:00:00Z";
                    case "date" -> "2026-01-01";
                    case "time" -> "12:00:00Z";
                    case "uuid" -> "3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41";
                    case "uri", "iri" -> "https://example.com/resource";
                    case "uri-reference", "iri-reference" -> "/resource";
                    case "email", "idn-email" -> "someone@example.com";
                    case "hostname", "idn-hostname" -> "example.com";
                    case "ipv4" -> "192.0.2.1";
                    case "ipv6" -> "2001:db8::1";
                    default -> "example";
                };
        int min = s.path("minLength").asInt(0);
        StringBuilder out = new StringBuilder(text);
        while (out.length() < min) {
            out.append('x');
        }
        if (s.has("maxLength") && out.length() > s.get("maxLength").asInt()) {
            out.setLength(s.get("maxLength").asInt());
        }
        return out.toString();
    }

    private static BigDecimal number(JsonNode s, boolean isInteger) {
        BigDecimal value = BigDecimal.ONE;
        if (s.has("minimum")) {
            value = s.get("minimum").decimalValue();
        } else if (s.has("exclusiveMinimum") && s.get("exclusiveMinimum").isNumber()) {
            value = s.get("exclusiveMinimum").decimalValue().add(BigDecimal.ONE);
        } else if (s.has("maximum") && s.get("maximum").decimalValue().compareTo(value) < 0) {
            value = s.get("maximum").decimalValue();
        }
        if (s.has("multipleOf") && s.get("multipleOf").isNumber()) {
            BigDecimal step = s.get("multipleOf").decimalValue();
            value = value.divide(step, 0, java.math.RoundingMode.CEILING).multiply(step);
        }
        return isInteger ? value.setScale(0, java.math.RoundingMode.CEILING) : value;
    }
}
