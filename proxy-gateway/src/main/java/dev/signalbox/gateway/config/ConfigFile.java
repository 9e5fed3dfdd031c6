package dev.signalbox.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.DefinitionJson;
import dev.signalbox.gateway.bus.Names;
import dev.signalbox.gateway.bus.NodeLimits;
import dev.signalbox.gateway.bus.RuleDefinition;
import dev.signalbox.gateway.config.DeclaredConfig.DeclaredBus;
import dev.signalbox.gateway.connection.ConnectionDefinition;
import dev.signalbox.gateway.connection.ConnectionJson;
import dev.signalbox.gateway.schema.DeclaredRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a declarative configuration file (YAML, or JSON, which is YAML too):
 *
 * <pre>
 * registries:                # optional: PUT /v1/registries/{registry}, with schemas and versions
 *   shop:
 *     schemas:
 *       order: {versions: [{type: object}]}
 * connections:               # optional: the fields of PUT /v1/connections/{name}
 *   crm: {authorization: {type: apiKey, header: x-api-key, value: "…"}}
 * buses:
 *   orders:                    # a bus: the fields of PUT /v1/buses/{bus}
 *     flush: sync
 *     rules:
 *       gold:                  # a rule: the fields of PUT /v1/buses/{bus}/rules/{rule}
 *         pattern: {type: [order.created]}
 *         targets: [{id: crm, type: webhook, url: "https://crm.example.com/hook"}]
 * </pre>
 *
 * <p>Every problem in the file is reported at once, each with its line and column ({@link
 * ConfigLocations}); the parsed file keeps those locations, so that problems the node finds later
 * (a target's address, a missing connection) are placed too. A file with no YAML document (empty,
 * or only comments) is a problem, not an empty declaration: see {@link #NO_DOCUMENT}. Stateless.
 */
public final class ConfigFile {

    /**
     * A key given twice in one mapping is a problem of the file, with its line: read leniently,
     * the last one silently won ({@code flush: async} then {@code flush: sync} gave sync).
     */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static final String NO_DOCUMENT = "holds no YAML document (it is empty, or only whitespace and comments; an"
            + " editor may be saving it): nothing was changed; to remove every declared bus, write 'buses: {}'";

    private ConfigFile() {}

    public static DeclaredConfig parse(String name, byte[] content) throws ConfigException {
        return parse(name, content, Optional.empty());
    }

    /** As {@link #parse(String, byte[])}, also holding each bus's limits to the node's bounds. */
    public static DeclaredConfig parse(String name, byte[] content, Optional<NodeLimits> bounds)
            throws ConfigException {
        JsonNode root;
        ConfigLocations locations;
        try {
            root = YAML.readTree(content);
            locations = ConfigLocations.of(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            int column = at == null ? 0 : at.getColumnNr();
            throw new ConfigException(name, List.of(new ConfigProblem(line, column, "", syntaxError(e))));
        } catch (IOException e) {
            throw new ConfigException(name, List.of(new ConfigProblem(0, 0, "", "cannot be read: " + e.getMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            // An editor that truncates and then writes, or a half-copied file, shows an empty file
            // for a moment; taken as "declare nothing" it would delete every declared bus and its
            // events. Removing them all has to be said: 'buses: {}'.
            throw new ConfigException(name, List.of(new ConfigProblem(0, 0, "", NO_DOCUMENT)));
        }
        List<Violation> violations = new ArrayList<>();
        DeclaredConfig config = declared(root, bounds, violations);
        if (!violations.isEmpty()) {
            List<ConfigProblem> problems = new ArrayList<>();
            for (Violation v : violations) {
                problems.add(locations.problem(v.pointer(), v.message()));
            }
            throw new ConfigException(name, problems);
        }
        return config.at(locations);
    }

    /**
     * The YAML parser's message without its excerpt of the file and its own positions (indented
     * lines): "while parsing a flow mapping: expected ',' or '}', but got &lt;stream end&gt;". The
     * line and column are the problem's own.
     */
    static String syntaxError(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        List<String> parts = new ArrayList<>();
        for (String line : message.split("\\R")) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                parts.add(line.strip());
            }
        }
        return parts.isEmpty() ? message.strip() : String.join(": ", parts);
    }

    private static DeclaredConfig declared(JsonNode root, Optional<NodeLimits> bounds, List<Violation> violations) {
        Map<String, DeclaredBus> buses = new LinkedHashMap<>();
        if (!root.isObject()) {
            violations.add(new Violation("", "the file must be a mapping with a 'buses' key"));
            return new DeclaredConfig(buses);
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("buses") && !key.equals("connections") && !key.equals("registries")) {
                violations.add(new Violation(
                        "/" + Violation.escape(key),
                        "is not a known key; the file holds 'registries', 'connections' and 'buses'"));
            }
        }
        JsonNode busesNode = root.path("buses");
        if (!busesNode.isMissingNode() && !busesNode.isObject()) {
            violations.add(new Violation("/buses", "must be a mapping of bus names to buses"));
            return new DeclaredConfig(buses);
        }
        Instant now = Instant.now();
        Map<String, ConnectionDefinition> connections = connections(root.path("connections"), now, violations);
        busesNode.fields().forEachRemaining(entry -> {
            String at = "/buses/" + Violation.escape(entry.getKey());
            DeclaredBus bus = bus(entry.getKey(), entry.getValue(), at, now, violations);
            if (bus != null && bounds.isPresent()) {
                bounds.get()
                        .violations(bus.bus().limits())
                        .forEach(v -> violations.add(new Violation(at + v.pointer(), v.message())));
            }
            if (bus != null) {
                buses.put(entry.getKey(), bus);
            }
        });
        return new DeclaredConfig(buses, connections, registries(root.path("registries"), violations));
    }

    /** {@code registries:}, a mapping of names to registries with their schemas and versions. */
    private static Map<String, DeclaredRegistry> registries(JsonNode node, List<Violation> violations) {
        Map<String, DeclaredRegistry> registries = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return registries;
        }
        if (!node.isObject()) {
            violations.add(new Violation("/registries", "must be a mapping of registry names to registries"));
            return registries;
        }
        node.properties().forEach(entry -> {
            String at = "/registries/" + Violation.escape(entry.getKey());
            DeclaredRegistry registry =
                    collect(at, violations, () -> DeclaredRegistry.read(entry.getKey(), entry.getValue()));
            if (registry != null) {
                registries.put(entry.getKey(), registry);
            }
        });
        return registries;
    }

    /** {@code connections:}, a mapping of names to the bodies of PUT /v1/connections/{name}. */
    private static Map<String, ConnectionDefinition> connections(
            JsonNode node, Instant now, List<Violation> violations) {
        Map<String, ConnectionDefinition> connections = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return connections;
        }
        if (!node.isObject()) {
            violations.add(new Violation("/connections", "must be a mapping of connection names to connections"));
            return connections;
        }
        node.fields().forEachRemaining(entry -> {
            String at = "/connections/" + Violation.escape(entry.getKey());
            if (!Names.isValid(entry.getKey())) {
                violations.add(new Violation(at, "connection names are 1 to 64 letters, digits, '.', '_' or '-'"));
                return;
            }
            ConnectionDefinition connection =
                    collect(at, violations, () -> ConnectionJson.read(entry.getKey(), entry.getValue(), now));
            if (connection != null) {
                connections.put(entry.getKey(), connection);
            }
        });
        return connections;
    }

    private static DeclaredBus bus(String name, JsonNode node, String at, Instant now, List<Violation> violations) {
        if (!Names.isValid(name)) {
            violations.add(new Violation(at, "bus names are 1 to 64 letters, digits, '.', '_' or '-'"));
            return null;
        }
        ObjectNode body = node != null && node.isObject() ? ((ObjectNode) node).deepCopy() : null;
        if (body == null) {
            violations.add(new Violation(at, "must be a mapping of bus settings"));
            return null;
        }
        JsonNode rulesNode = body.remove("rules");
        BusDefinition bus = collect(at, violations, () -> DefinitionJson.readBus(name, body, "(declared)", now));
        Map<String, RuleDefinition> rules = new HashMap<>();
        if (rulesNode != null && !rulesNode.isObject()) {
            violations.add(new Violation(at + "/rules", "must be a mapping of rule names to rules"));
        } else if (rulesNode != null) {
            rulesNode.fields().forEachRemaining(rule -> {
                String ruleAt = at + "/rules/" + Violation.escape(rule.getKey());
                if (!Names.isValid(rule.getKey())) {
                    violations.add(new Violation(ruleAt, "rule names are 1 to 64 letters, digits, '.', '_' or '-'"));
                    return;
                }
                RuleDefinition definition = collect(
                        ruleAt, violations, () -> DefinitionJson.readRule(name, rule.getKey(), rule.getValue(), now));
                if (definition != null) {
                    rules.put(rule.getKey(), definition);
                }
            });
        }
        return bus == null ? null : new DeclaredBus(bus, rules);
    }

    private static <T> T collect(String at, List<Violation> violations, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (SignalboxException e) {
            if (e.violations().isEmpty()) {
                violations.add(new Violation(at, e.detail()));
            }
            e.violations().forEach(v -> violations.add(new Violation(at + v.pointer(), v.message())));
            return null;
        }
    }
}
