package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.Violation;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;

/**
 * A bus's {@code limits} object both ways. Reading checks each value against the least the API
 * allows (64 KiB for events, as the CloudEvents spec asks receivers to take); the node's upper
 * bounds are checked by {@link NodeLimits}, which knows them. Stateless.
 */
public final class LimitsJson {

    private LimitsJson() {}

    static BusLimits read(ObjectNode bus, List<Violation> violations) {
        JsonNode node = bus.get("limits");
        if (node == null || node.isNull()) {
            return BusLimits.NODE_DEFAULTS;
        }
        if (!node.isObject()) {
            violations.add(new Violation("/limits", "must be an object such as {\"maxEventBytes\": 65536}"));
            return BusLimits.NODE_DEFAULTS;
        }
        DefinitionJson.unknownFields((ObjectNode) node, new HashSet<>(BusLimits.NAMES), "/limits", violations);
        return new BusLimits(
                read(node, IngestLimits.EVENT_BYTES, IngestLimits.MIN_EVENT_BYTES, violations),
                read(node, IngestLimits.BATCH_ENTRIES, 1, violations),
                read(node, IngestLimits.BATCH_BYTES, IngestLimits.MIN_BATCH_BYTES, violations),
                read(node, IngestLimits.HEADER_BYTES, IngestLimits.MIN_HEADER_BYTES, violations));
    }

    private static OptionalInt read(JsonNode limits, String name, int min, List<Violation> violations) {
        JsonNode value = limits.get(name);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            violations.add(new Violation("/limits/" + name, "must be an integer of at least " + min));
            return OptionalInt.empty();
        }
        if (value.intValue() < min) {
            violations.add(new Violation(
                    "/limits/" + name, "must be at least " + min + why(name) + "; it is " + value.intValue()));
            return OptionalInt.empty();
        }
        return OptionalInt.of(value.intValue());
    }

    private static String why(String name) {
        return name.equals(IngestLimits.EVENT_BYTES)
                ? " (the CloudEvents spec asks receivers to accept events of 64 KiB)"
                : "";
    }

    /** The declared limits only: what the bus chose, for the stored document and the file's comparison. */
    static void write(BusLimits limits, ObjectNode bus) {
        if (limits.isEmpty()) {
            return;
        }
        ObjectNode json = bus.putObject("limits");
        for (String name : BusLimits.NAMES) {
            limits.get(name).ifPresent(value -> json.put(name, value));
        }
    }

    /** Every limit as the bus has it now, for API answers. */
    public static ObjectNode writeResolved(IngestLimits limits, ObjectNode bus) {
        ObjectNode json = bus.putObject("limits");
        BusLimits.NAMES.forEach(name -> json.put(name, limits.get(name)));
        return bus;
    }
}
