package dev.signalbox.connectors.limits;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A target's own limits. Immutable, validated.
 *
 * @param concurrency at most this many requests in flight to the target at once
 * @param queue deliveries that may wait for a free slot or a token; past that a delivery is
 *     answered retryable at once, so the router keeps it durably rather than in memory
 * @param ratePerSecond at most this many events per second, when set (token bucket, burst of one
 *     second's worth)
 * @param breaker the circuit breaker, when the target wants one
 */
public record TargetLimits(
        int concurrency, int queue, OptionalDouble ratePerSecond, Optional<BreakerSettings> breaker) {

    public static final int DEFAULT_CONCURRENCY = 64;
    public static final int DEFAULT_QUEUE = 1000;

    public TargetLimits {
        if (concurrency < 1 || queue < 0) {
            throw new IllegalArgumentException("concurrency must be at least 1 and queue at least 0");
        }
        if (ratePerSecond.isPresent() && !(ratePerSecond.getAsDouble() > 0)) {
            throw new IllegalArgumentException("ratePerSecond must be positive");
        }
    }
}
