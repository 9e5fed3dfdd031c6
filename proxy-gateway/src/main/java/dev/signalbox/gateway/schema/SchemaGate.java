package dev.signalbox.gateway.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.BusSchemas;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.schema.DataDepth;
import dev.signalbox.schema.Registries;
import dev.signalbox.schema.Registry;
import dev.signalbox.schema.SchemaEntry;
import dev.signalbox.schema.SchemaVersion;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Schema enforcement and discovery at ingest: the one call the ingest path makes per event.
 *
 * <p>On a bus with {@code schemaEnforcement} {@code flag} or {@code reject}, the event's schema is
 * found by the bus's mappings (its {@code dataschema}, or its {@code type} and {@code source}) or,
 * failing those, by a {@code dataschema} that names a version of the bus's own registry by its
 * API path ({@code …/v1/registries/R/schemas/S/versions/N}); an event no schema covers passes.
 * Its data is validated against that version: {@code reject} refuses a violation with {@code
 * event.schema-violation} (422) listing every violation under {@code /data}; {@code flag} stores
 * the event with two extension attributes, {@value #ERRORS_EXTENSION} (the violations, "pointer:
 * message" joined by "; ", at most {@value #MAX_ERRORS_CHARS} characters) and {@value
 * #SCHEMA_EXTENSION} ("registry/schema/version"), and counts it in {@code
 * signalbox.schema.violations}. A {@code dataschema} naming the bus's own registry by that path
 * but a schema or version it does not hold is not "no schema": {@code reject} refuses it with
 * {@code event.schema-unknown} (422) at {@code /dataschema}, {@code flag} marks it the same way.
 * Data nested deeper than {@code DataDepth.MAX} levels (however deep: binary-mode data past the
 * 1,000 levels a JSON document may nest is counted from its bytes, not taken for "not JSON") is
 * not validated: {@code reject} refuses it
 * with {@code event.data-too-deep} (422) at the first container past the bound, {@code flag}
 * marks it with that violation. On enforcing buses a producer cannot set those two attributes
 * itself. Then, on a bus with discovery on, the data is folded into the inferred schema of its
 * (type, source).
 *
 * <p>Buses with neither cost one field read. Threading: thread-safe; validators are compiled when
 * versions are registered, never here.
 */
public final class SchemaGate {

    public static final String ERRORS_EXTENSION = "sbschemaerrors";
    public static final String SCHEMA_EXTENSION = "sbschema";
    static final int MAX_ERRORS_CHARS = 1024;
    private static final Pattern OWN_DATASCHEMA =
            Pattern.compile(".*/v1/registries/([^/]+)/schemas/([^/]+)/versions/([1-9][0-9]{0,8}|latest)$");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Registries registries;
    private final Discovery discovery;
    private final GatewayMetrics metrics;

    public SchemaGate(Registries registries, Discovery discovery, GatewayMetrics metrics) {
        this.registries = registries;
        this.discovery = discovery;
        this.metrics = metrics;
    }

    /**
     * The event to store: as posted, or marked when flagged. Throws {@code
     * event.schema-violation} when the bus rejects it.
     */
    public Event check(BusState bus, Event event) {
        BusDefinition definition = bus.definition();
        String mode = definition.schemaEnforcement();
        boolean isEnforcing = !mode.equals("off");
        if ((!isEnforcing && !definition.schemas().isDiscovering())
                || definition.registry().isEmpty()) {
            return event;
        }
        String registry = definition.registry().get();
        Checked checked = isEnforcing
                ? enforced(bus.name(), mode, registry, definition.schemas(), event)
                : new Checked(event, null);
        if (definition.schemas().isDiscovering()) {
            discover(bus.name(), registry, event, checked.data());
        }
        return checked.stored();
    }

    /**
     * What enforcement makes of an event: the event to store and its data as read to validate it
     * (null when it was not read, or is not JSON), so discovery need not read it again.
     */
    private record Checked(Event stored, JsonNode data) {}

    /**
     * Enforcement on a bus whose mode is flag or reject: the producer's own copies of the mark
     * attributes are dropped, then the event's schema judges it; an event no schema covers passes,
     * unless its dataschema names a version the bus's registry lacks.
     */
    private Checked enforced(String bus, String mode, String registry, BusSchemas schemas, Event event) {
        Event stored = withoutOwnAttributes(event);
        Optional<SchemaVersion> schema = schemaFor(schemas, registry, event);
        if (schema.isEmpty()) {
            Optional<Violation> unknown = unknownOwn(registry, event);
            return new Checked(
                    unknown.isEmpty() ? stored : unknownSchema(bus, mode, registry, event, stored, unknown.get()),
                    null);
        }
        JsonNode data = parse(event);
        return new Checked(validated(bus, mode, registry, schema.get(), event, data, stored), data);
    }

    /** An own dataschema naming a version the registry lacks: refused under reject, marked under flag. */
    private Event unknownSchema(
            String bus, String mode, String registry, Event event, Event stored, Violation unknown) {
        count(bus, mode);
        if (mode.equals("reject")) {
            throw new SignalboxException(
                    ErrorType.EVENT_SCHEMA_UNKNOWN,
                    "The event's dataschema names a schema version registry '" + registry + "' does not hold.",
                    List.of(unknown));
        }
        return marked(stored, ownLabel(event), List.of(unknown));
    }

    /**
     * The event judged by its schema: stored as it is when the data conforms; otherwise refused
     * under reject (as too deep when it is, else as a schema violation listing every one) and
     * marked under flag.
     */
    private Event validated(
            String bus, String mode, String registry, SchemaVersion schema, Event event, JsonNode data, Event stored) {
        List<Violation> violations;
        SignalboxException tooDeep = null;
        try {
            violations = violations(schema, event, data);
        } catch (SignalboxException e) {
            if (e.type() != ErrorType.EVENT_DATA_TOO_DEEP) {
                throw e;
            }
            // Data deeper than the bound is not checked: under reject that is its own
            // refusal, under flag the event is stored marked as unchecked.
            tooDeep = e;
            violations = e.violations();
        }
        if (violations.isEmpty()) {
            return stored;
        }
        count(bus, mode);
        if (mode.equals("reject") && tooDeep != null) {
            throw tooDeep;
        }
        if (mode.equals("reject")) {
            throw new SignalboxException(
                    ErrorType.EVENT_SCHEMA_VIOLATION,
                    "The event's data breaks version "
                            + schema.version() + " of schema '"
                            + schema.name() + "' in registry '" + registry + "': "
                            + violations.size() + " violation(s).",
                    violations);
        }
        return marked(stored, label(schema), violations);
    }

    /**
     * Where the data (as read, null when it is not JSON) breaks the schema. Throws {@code
     * event.data-too-deep} for data nested past the bound, which is not validated.
     */
    private static List<Violation> violations(SchemaVersion schema, Event event, JsonNode data) {
        if (data == null && event.hasJsonData()) {
            // Data past the parser's own bound is too deep to check, not "not JSON".
            DataDepth.require(event.data(), "/data");
        }
        return data == null
                ? List.of(new Violation("/data", "must be JSON data, as schema '" + schema.name() + "' describes"))
                : schema.validator().validate(data, "/data");
    }

    /** Discovery: the data, as enforcement read it or read now, folded into its (type, source)'s schema. */
    private void discover(String bus, String registry, Event event, JsonNode read) {
        JsonNode observed = read != null ? read : parse(event);
        if (observed != null) {
            discovery.observe(bus, registry, event.type(), event.source(), observed);
        }
    }

    private Optional<SchemaVersion> schemaFor(BusSchemas schemas, String registryName, Event event) {
        Optional<Registry> registry = registries.registry(registryName);
        if (registry.isEmpty()) {
            return Optional.empty();
        }
        String dataschema = event.attribute("dataschema").orElse(null);
        Optional<BusSchemas.Mapping> mapping = schemas.mappingFor(event.type(), event.source(), dataschema);
        if (mapping.isPresent()) {
            Optional<SchemaEntry> entry = registry.get().schema(mapping.get().schema());
            return entry.flatMap(e -> mapping.get().version().map(e::version).orElseGet(() -> Optional.of(e.latest())));
        }
        if (dataschema == null) {
            return Optional.empty();
        }
        Matcher own = OWN_DATASCHEMA.matcher(dataschema);
        if (!own.matches() || !own.group(1).equals(registryName)) {
            return Optional.empty();
        }
        Optional<SchemaEntry> entry = registry.get().schema(own.group(2));
        return own.group(3).equals("latest")
                ? entry.map(SchemaEntry::latest)
                : entry.flatMap(e -> e.version(Integer.parseInt(own.group(3))));
    }

    /**
     * The violation of a {@code dataschema} that names a version of the bus's own registry by its
     * API path, when the registry holds no such schema or version; empty for any other value.
     * Asked only when no schema was found, so events that have one never pay for it.
     */
    private Optional<Violation> unknownOwn(String registryName, Event event) {
        String dataschema = event.attribute("dataschema").orElse(null);
        Optional<Registry> registry = registries.registry(registryName);
        if (dataschema == null || registry.isEmpty()) {
            return Optional.empty();
        }
        Matcher own = OWN_DATASCHEMA.matcher(dataschema);
        if (!own.matches() || !own.group(1).equals(registryName)) {
            return Optional.empty();
        }
        Optional<SchemaEntry> entry = registry.get().schema(own.group(2));
        String message = entry.isEmpty()
                ? "names schema '" + own.group(2) + "', which registry '" + registryName + "' does not hold"
                : "names version " + own.group(3) + " of schema '" + own.group(2) + "', whose latest version is "
                        + entry.get().latest().version();
        return Optional.of(new Violation("/dataschema", message));
    }

    /** "registry/schema/version" as an own dataschema names it, for the flag of an unknown one. */
    private static String ownLabel(Event event) {
        Matcher own = OWN_DATASCHEMA.matcher(event.attribute("dataschema").orElseThrow());
        own.matches();
        return own.group(1) + "/" + own.group(2) + "/" + own.group(3);
    }

    private static String label(SchemaVersion schema) {
        return schema.registry() + "/" + schema.name() + "/" + schema.version();
    }

    /** The data as JSON, or null when the event has none or it is not JSON. */
    private static JsonNode parse(Event event) {
        if (!event.hasJsonData()) {
            return null;
        }
        try {
            return JSON.readTree(event.data());
        } catch (IOException e) {
            return null;
        }
    }

    private static Event withoutOwnAttributes(Event event) {
        if (!event.attributes().containsKey(ERRORS_EXTENSION)
                && !event.attributes().containsKey(SCHEMA_EXTENSION)) {
            return event;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(event.attributes());
        attributes.remove(ERRORS_EXTENSION);
        attributes.remove(SCHEMA_EXTENSION);
        return new Event(attributes, event.data());
    }

    private static Event marked(Event event, String schema, List<Violation> violations) {
        String errors =
                violations.stream().map(v -> v.pointer() + ": " + v.message()).collect(Collectors.joining("; "));
        if (errors.length() > MAX_ERRORS_CHARS) {
            errors = errors.substring(0, MAX_ERRORS_CHARS - 1) + "…";
        }
        Map<String, Object> attributes = new LinkedHashMap<>(event.attributes());
        attributes.put(ERRORS_EXTENSION, errors);
        attributes.put(SCHEMA_EXTENSION, schema);
        return new Event(attributes, event.data());
    }

    private void count(String bus, String mode) {
        metrics.schemaViolation(bus, mode);
    }
}
