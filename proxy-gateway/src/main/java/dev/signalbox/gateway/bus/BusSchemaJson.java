package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes a bus's {@code schemas} mappings and {@code discovery} switch:
 *
 * <pre>
 * "schemas": [{"type": "order.placed", "source"?: "/shop", "schema": "order-placed", "version"?: 2},
 *             {"dataschema": "https://example.com/order.json", "schema": "order-placed"}],
 * "discovery": "on" | "off"
 * </pre>
 *
 * Every problem is reported with its pointer. Stateless.
 */
final class BusSchemaJson {

    private static final Set<String> MAPPING_FIELDS = Set.of("type", "source", "dataschema", "schema", "version");
    private static final int MAX_MAPPINGS = 256;

    private BusSchemaJson() {}

    static BusSchemas read(ObjectNode bus, List<Violation> violations) {
        boolean isDiscovering = false;
        JsonNode discovery = bus.get("discovery");
        if (discovery != null && !discovery.isNull()) {
            if (!discovery.isTextual()
                    || !(discovery.textValue().equals("on")
                            || discovery.textValue().equals("off"))) {
                violations.add(new Violation("/discovery", "must be \"on\" or \"off\""));
            } else {
                isDiscovering = discovery.textValue().equals("on");
            }
        }
        JsonNode array = bus.get("schemas");
        List<BusSchemas.Mapping> mappings = new ArrayList<>();
        if (array != null && !array.isNull()) {
            if (!array.isArray() || array.size() > MAX_MAPPINGS) {
                violations.add(new Violation("/schemas", "must be an array of at most " + MAX_MAPPINGS + " mappings"));
            } else {
                for (int i = 0; i < array.size(); i++) {
                    BusSchemas.Mapping m = mapping(array.get(i), "/schemas/" + i, violations);
                    if (m != null) {
                        mappings.add(m);
                    }
                }
            }
        }
        return new BusSchemas(mappings, isDiscovering);
    }

    private static BusSchemas.Mapping mapping(JsonNode node, String at, List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation(at, "must be an object"));
            return null;
        }
        int before = violations.size();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MAPPING_FIELDS.contains(name)) {
                violations.add(new Violation(at + "/" + Violation.escape(name), "is not a known field"));
            }
        }
        Optional<String> type = text(node, "type", at, violations);
        Optional<String> source = text(node, "source", at, violations);
        Optional<String> dataschema = text(node, "dataschema", at, violations);
        Optional<String> schema = text(node, "schema", at, violations);
        if (type.isPresent() == dataschema.isPresent()) {
            violations.add(
                    new Violation(at, "must map either a \"type\" (optionally with a \"source\") or a \"dataschema\""));
        }
        if (source.isPresent() && type.isEmpty()) {
            violations.add(new Violation(at + "/source", "needs a \"type\" beside it"));
        }
        if (schema.isEmpty()) {
            violations.add(new Violation(at + "/schema", "is required: the name of a schema in the bus's registry"));
        } else if (!Names.isValid(schema.get())) {
            violations.add(new Violation(at + "/schema", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        Optional<Integer> version = Optional.empty();
        JsonNode v = node.get("version");
        if (v != null && !v.isNull()) {
            if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
                violations.add(new Violation(
                        at + "/version", "must be a version number (1 or more); leave it out for the latest"));
            } else {
                version = Optional.of(v.intValue());
            }
        }
        return violations.size() == before
                ? new BusSchemas.Mapping(type, source, dataschema, schema.get(), version)
                : null;
    }

    private static Optional<String> text(JsonNode node, String field, String at, List<Violation> violations) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            violations.add(new Violation(at + "/" + field, "must be a non-empty string"));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    static void write(BusSchemas schemas, ObjectNode bus) {
        ArrayNode array = bus.putArray("schemas");
        for (BusSchemas.Mapping m : schemas.mappings()) {
            ObjectNode json = array.addObject();
            m.type().ifPresent(t -> json.put("type", t));
            m.source().ifPresent(s -> json.put("source", s));
            m.dataschema().ifPresent(d -> json.put("dataschema", d));
            json.put("schema", m.schema());
            m.version().ifPresent(v -> json.put("version", v));
        }
        bus.put("discovery", schemas.isDiscovering() ? "on" : "off");
    }
}
