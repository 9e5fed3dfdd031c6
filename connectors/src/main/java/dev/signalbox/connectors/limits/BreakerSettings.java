package dev.signalbox.connectors.limits;

import java.time.Duration;

/**
 * When a target's circuit opens and for how long. Immutable, validated.
 *
 * @param consecutiveFailures opens after this many failures in a row
 * @param failureRatio opens when at least this share of the last {@code window} attempts failed
 *     (1.0 turns the ratio off: only consecutive failures count)
 * @param window how many recent attempts the ratio looks at; it is judged only once full
 * @param openFor how long the circuit stays open before one probe is let through
 */
public record BreakerSettings(int consecutiveFailures, double failureRatio, int window, Duration openFor) {

    public static final BreakerSettings DEFAULTS = new BreakerSettings(5, 0.5, 20, Duration.ofSeconds(30));

    public BreakerSettings {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1");
        }
        if (!(failureRatio > 0 && failureRatio <= 1)) {
            throw new IllegalArgumentException("failureRatio must be in (0, 1]");
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor must be positive");
        }
    }
}
