package dev.signalbox.gateway.router;

import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.storage.StoredRecord;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a delivery back from a record of the retry or ordered topic: its properties as a {@link
 * PendingDelivery}, its body as the event. A record that does not read is logged and skipped
 * (empty), since retrying it would fail the same way. Stateless.
 */
final class StoredJobs {

    private static final Logger LOG = LoggerFactory.getLogger(StoredJobs.class);

    private StoredJobs() {}

    /** The job in {@code record} of {@code bus}'s {@code topicRole} topic ("retry", "ordered"). */
    static Optional<Deliveries.Job> read(StoredRecord record, String bus, String topicRole) {
        try {
            PendingDelivery pending = PendingDelivery.of(record.properties());
            Event event = EventCodec.decode(record.body());
            return Optional.of(new Deliveries.Job(event, record.body(), pending));
        } catch (IllegalArgumentException e) {
            LOG.error("bus {}: {} record {} is unreadable; skipped", bus, topicRole, record.queueOffset(), e);
            return Optional.empty();
        }
    }
}
