package dev.signalbox.gateway.router;

import java.time.Duration;

/**
 * How routers read and retry. Immutable, validated.
 *
 * @param maxInFlightEvents events a bus router holds at once while their deliveries are under
 *     way; it stops reading past that, which bounds memory whatever the backlog
 * @param readBatch records read from the store at a time
 * @param retryBaseDelay the first retry waits up to this long; each later one up to twice as
 *     long as the one before (exponential backoff with full jitter)
 * @param retryMaxDelay the longest wait between two attempts, unless the receiver's
 *     {@code Retry-After} asks for more
 */
public record RouterConfig(int maxInFlightEvents, int readBatch, Duration retryBaseDelay, Duration retryMaxDelay) {

    public static final RouterConfig DEFAULTS =
            new RouterConfig(1024, 128, Duration.ofSeconds(1), Duration.ofMinutes(5));

    public RouterConfig {
        if (maxInFlightEvents < 1 || readBatch < 1) {
            throw new IllegalArgumentException("maxInFlightEvents and readBatch must be positive");
        }
        if (retryBaseDelay.isNegative() || retryBaseDelay.isZero() || retryMaxDelay.compareTo(retryBaseDelay) < 0) {
            throw new IllegalArgumentException("need 0 < retryBaseDelay <= retryMaxDelay");
        }
    }
}
