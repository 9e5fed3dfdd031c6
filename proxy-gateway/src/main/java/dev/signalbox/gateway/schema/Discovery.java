package dev.signalbox.gateway.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.schema.Compatibility;
import dev.signalbox.schema.Dialect;
import dev.signalbox.schema.Registries;
import dev.signalbox.schema.SchemaEntry;
import dev.signalbox.schema.discovery.InferredShape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema discovery: infers a JSON Schema per (bus, type, source) from the data of the events a
 * bus takes in, and registers it in the bus's registry as a new version whenever the observed
 * shape changes (a new property, type or array item shape; a property that stopped being present
 * in every event; a format that stopped fitting every value).
 *
 * <p>A discovered schema is named after its type and a short hash of its source ({@link
 * #schemaName}), tagged {@code discovered} and {@code bus:<bus>}, and created with compatibility
 * {@code NONE}: an observed shape is a fact, not a proposal. After a restart a key resumes from its
 * latest registered version. Registrations for one key run one at a time; changes seen meanwhile
 * are folded into one follow-up registration, so a burst of new shapes costs a few versions, not
 * one per event.
 *
 * <p>Threading: thread-safe; each key's shape is guarded by its tracker's monitor, held only
 * while merging one sample. At most {@value #MAX_KEYS} keys are tracked per node.
 */
public final class Discovery {

    static final int MAX_KEYS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    private final Registries registries;
    private final Map<Key, Tracker> trackers = new ConcurrentHashMap<>();

    private record Key(String bus, String registry, String type, String source) {}

    /** One key's shape and its registration state. */
    private static final class Tracker {
        final InferredShape shape;
        boolean isRegistering;
        boolean isDirty;

        Tracker(InferredShape shape) {
            this.shape = shape;
        }
    }

    public Discovery(Registries registries) {
        this.registries = registries;
    }

    /** The name a discovered schema gets: the type (made name-safe) and 8 hex digits of the source. */
    public static String schemaName(String type, String source) {
        String safe = type.replaceAll("[^A-Za-z0-9._-]", "-");
        if (safe.length() > 54) {
            safe = safe.substring(0, 54);
        }
        return safe + "--" + String.format("%08x", source.hashCode());
    }

    void observe(String bus, String registry, String type, String source, JsonNode data) {
        Key key = new Key(bus, registry, type, source);
        Tracker tracker = trackers.get(key);
        if (tracker == null) {
            if (trackers.size() >= MAX_KEYS) {
                return;
            }
            tracker = trackers.computeIfAbsent(key, k -> new Tracker(seed(k)));
        }
        ObjectNode schema;
        synchronized (tracker) {
            if (!tracker.shape.merge(data)) {
                return;
            }
            if (tracker.isRegistering) {
                tracker.isDirty = true;
                return;
            }
            tracker.isRegistering = true;
            schema = render(tracker.shape);
        }
        register(key, tracker, schema);
    }

    private InferredShape seed(Key key) {
        return registries
                .registry(key.registry())
                .flatMap(r -> r.schema(schemaName(key.type(), key.source())))
                .map(SchemaEntry::latest)
                .map(v -> InferredShape.from(v.schema()))
                .orElseGet(InferredShape::new);
    }

    private static ObjectNode render(InferredShape shape) {
        ObjectNode schema = shape.toSchema();
        ObjectNode root = schema.objectNode().put("$schema", Dialect.DRAFT_2020_12.uri());
        root.setAll(schema);
        return root;
    }

    private void register(Key key, Tracker tracker, ObjectNode schema) {
        String description = "Discovered on bus '" + key.bus() + "' from events of type '" + key.type()
                + "' and source '" + key.source() + "'.";
        registries
                .register(
                        key.registry(),
                        schemaName(key.type(), key.source()),
                        schema,
                        Optional.of(description),
                        Optional.of(List.of("discovered", "bus:" + key.bus())),
                        Optional.of(Compatibility.NONE))
                .whenComplete((put, failure) -> {
                    if (failure != null) {
                        LOG.warn("discovery could not register a schema for {}: {}", key, failure.toString());
                    }
                    ObjectNode next = null;
                    synchronized (tracker) {
                        if (tracker.isDirty) {
                            tracker.isDirty = false;
                            next = render(tracker.shape);
                        } else {
                            tracker.isRegistering = false;
                        }
                    }
                    if (next != null) {
                        register(key, tracker, next);
                    }
                });
    }
}
