package dev.signalbox.gateway.router;

import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attempts the retries of one bus as the store's timer makes them due: it reads the bus's retry
 * topic (a record lands there only when its retry is due) from its own committed offset, and
 * moves past a record once its attempt ended in delivery, a dead letter, or the next retry handed
 * back to the timer. Retries of different targets run side by side.
 *
 * <p>Threading: confined to the router's Vert.x context.
 */
final class RetryConsumer {

    static final String GROUP = "router.retry";
    private static final Logger LOG = LoggerFactory.getLogger(RetryConsumer.class);

    private final Deliveries deliveries;
    private final ConsumerCursor cursor;

    RetryConsumer(Deliveries deliveries, VertxMessageStore store, RouterConfig config) {
        this.deliveries = deliveries;
        this.cursor = new ConsumerCursor(
                store,
                GROUP,
                deliveries.topics().retries(),
                config.maxInFlightEvents(),
                config.readBatch(),
                this::retry);
    }

    void wake() {
        cursor.wake();
    }

    Future<Void> stop() {
        return cursor.stop();
    }

    private void retry(StoredRecord record) {
        PendingDelivery pending;
        Event event;
        try {
            pending = PendingDelivery.of(record.properties());
            event = EventCodec.decode(record.body());
        } catch (IllegalArgumentException e) {
            LOG.error(
                    "bus {}: retry record {} is unreadable; skipped",
                    deliveries.bus().name(),
                    record.queueOffset(),
                    e);
            return;
        }
        long offset = record.queueOffset();
        cursor.hold(offset);
        deliveries
                .deliver(new Deliveries.Job(event, record.body(), pending))
                .onComplete(done -> cursor.release(offset));
    }
}
