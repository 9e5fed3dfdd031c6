package dev.signalbox.gateway.router;

import dev.signalbox.gateway.delivery.DeadLetters;
import dev.signalbox.gateway.delivery.DeliveryTimeline;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.storage.vertx.VertxMessageStore;

/**
 * What the routers of a node share: the store, the dead letters, the delivery timeline, the
 * metrics, and the way to disable a target. Immutable holder; each part is thread-safe.
 */
public record RouterServices(
        VertxMessageStore store,
        DeadLetters deadLetters,
        DeliveryTimeline timeline,
        GatewayMetrics metrics,
        TargetDisabler disabler) {}
