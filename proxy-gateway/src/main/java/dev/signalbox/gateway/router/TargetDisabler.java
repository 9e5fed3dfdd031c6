package dev.signalbox.gateway.router;

import dev.signalbox.gateway.bus.TargetDefinition;
import io.vertx.core.Future;

/** Disables a target that answered 410 Gone, durably (the bus catalog does it). Thread-safe. */
@FunctionalInterface
public interface TargetDisabler {

    /** Completes with whether the target was disabled now (false when it changed meanwhile). */
    Future<Boolean> disable(String bus, String rule, TargetDefinition target, String reason);
}
