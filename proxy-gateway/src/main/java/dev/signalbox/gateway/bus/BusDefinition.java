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
        Instant createdAt) {

    public BusDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(flush, "flush");
        Objects.requireNonNull(schemaEnforcement, "schemaEnforcement");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(deduplicationWindow, "deduplicationWindow");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(createdAt, "createdAt");
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
                createdAt);
    }
}
