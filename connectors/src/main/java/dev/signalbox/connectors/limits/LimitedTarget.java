package dev.signalbox.connectors.limits;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.Target;
import dev.signalbox.core.Event;
import io.vertx.core.Future;

/**
 * Any target behind a {@link DeliveryGate}: its concurrency, rate and circuit breaker apply to
 * every delivery. Threading: as the gate's.
 */
public final class LimitedTarget implements Target {

    private final Target target;
    private final DeliveryGate gate;

    public LimitedTarget(Target target, DeliveryGate gate) {
        this.target = target;
        this.gate = gate;
    }

    @Override
    public String id() {
        return target.id();
    }

    public DeliveryGate gate() {
        return gate;
    }

    @Override
    public Future<DeliveryOutcome> deliver(Event event) {
        return gate.submit(1, () -> target.deliver(event));
    }
}
