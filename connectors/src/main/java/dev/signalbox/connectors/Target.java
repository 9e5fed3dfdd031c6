package dev.signalbox.connectors;

import dev.signalbox.core.Event;
import io.vertx.core.Future;

/**
 * Somewhere an event can be delivered: a webhook, a function, a queue, another bus.
 *
 * <p>Threading: {@link #deliver} is called on a Vert.x context and its future completes on the
 * same context. One instance serves many deliveries at once; implementations hold no
 * per-delivery state. A target never throws: every failure is an outcome, so the caller's retry
 * policy sees one shape.
 */
public interface Target {

    /** The target's id within its rule. */
    String id();

    /** Makes one delivery attempt of {@code event}; the future always succeeds with an outcome. */
    Future<DeliveryOutcome> deliver(Event event);
}
