package dev.signalbox.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latency histograms of the publish route for one bus tag, one per status, each registered on
 * first use and then kept: publishing is every event's way in, and a meter-registry lookup per
 * request costs more than the recording. The tag is a bus that exists or {@link
 * GatewayMetrics#NO_BUS}; {@link GatewayMetrics} owns these and retires a bus's when the bus is
 * deleted, removing its meters. Thread-safe: any event loop may record; a status first seen on two
 * threads at once registers the same meter twice, which the registry answers with one instance.
 */
final class PublishLatency {

    private static final int STATUSES = 600;

    private final String bus;
    private final MeterRegistry registry;
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(STATUSES);
    /** Set when the bus is deleted: a timer registered after that is removed again at once. */
    private volatile boolean isRetired;

    PublishLatency(String bus, MeterRegistry registry) {
        this.bus = bus;
        this.registry = registry;
    }

    Timer timer(int status) {
        if (status < 0 || status >= STATUSES) {
            return register(status);
        }
        Timer timer = timers.get(status);
        if (timer == null) {
            timer = register(status);
            timers.set(status, timer);
        }
        return timer;
    }

    /**
     * Stops registering meters for this bus. The caller then removes the ones registered: one
     * registered concurrently is either seen by that removal or removes itself in
     * {@link #register}, which checks this flag after registering.
     */
    void retire() {
        isRetired = true;
    }

    private Timer register(int status) {
        Timer timer = GatewayMetrics.requestTimerBuilder(
                        GatewayMetrics.PUBLISH_METHOD, GatewayMetrics.PUBLISH_ROUTE, status, bus)
                .register(registry);
        if (isRetired) {
            registry.remove(timer); // the bus was deleted meanwhile: record on, but leave no series
        }
        return timer;
    }
}
