package dev.signalbox.gateway.bus;

import dev.signalbox.storage.FlushMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A bus as declared: its name, flush policy and schema settings, and the store topic its
 * events go to. Immutable.
 *
 * <p>{@code deduplicationWindow}, when present, makes the bus store an event only once per
 * (source, id) within that window; a repeat is answered as accepted with a {@code deduplicated}
 * status.
 *
 * <p>{@code schemaEnforcement} is {@code off}, {@code flag} or {@code reject}; {@code schemas}
 * maps events to schemas of {@code registry} and says whether the bus discovers schemas.
 *
 * <p>{@code limits} are the ingest limits the bus chose; the others follow the node's defaults
 * (see {@link NodeLimits}).
 *
 * <p>The topic is chosen when the bus is created and never reused: deleting a bus and creating
 * one of the same name starts an empty topic, so old events are neither routed again nor found.
 */
public record BusDefinition(
        String name,
        Optional<String> description,
        FlushMode flush,
        String schemaEnforcement,
        Optional<String> registry,
        Optional<Duration> deduplicationWindow,
        String topic,
        Instant createdAt,
        BusSchemas schemas,
        BusLimits limits) {

    public BusDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(flush, "flush");
        Objects.requireNonNull(schemaEnforcement, "schemaEnforcement");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(deduplicationWindow, "deduplicationWindow");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(schemas, "schemas");
        Objects.requireNonNull(limits, "limits");
    }

    /** A topic no earlier bus of the same name used, so a re-created bus starts empty. */
    public static String newTopic(String bus, Instant now) {
        return bus + "@" + Long.toString(now.toEpochMilli(), 36)
                + Integer.toString(
                        java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    /** The same bus on a new topic, for creating it. */
    public BusDefinition onTopic(String newTopic) {
        return new BusDefinition(
                name,
                description,
                flush,
                schemaEnforcement,
                registry,
                deduplicationWindow,
                newTopic,
                createdAt,
                schemas,
                limits);
    }

    /** The same bus with the settings of {@code update}, keeping its topic and creation time. */
    public BusDefinition updatedWith(BusDefinition update) {
        return new BusDefinition(
                name,
                update.description,
                update.flush,
                update.schemaEnforcement,
                update.registry,
                update.deduplicationWindow,
                topic,
                createdAt,
                update.schemas,
                update.limits);
    }
}
