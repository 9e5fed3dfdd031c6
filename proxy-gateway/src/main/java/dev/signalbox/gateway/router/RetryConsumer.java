package dev.signalbox.gateway.router;

import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;

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
        StoredJobs.read(record, deliveries.bus().name(), "retry").ifPresent(job -> {
            long offset = record.queueOffset();
            cursor.hold(offset);
            deliveries.deliver(job).onComplete(done -> cursor.release(offset));
        });
    }
}
