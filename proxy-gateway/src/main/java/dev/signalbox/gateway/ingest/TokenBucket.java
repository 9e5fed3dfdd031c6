package dev.signalbox.gateway.ingest;

import java.time.Duration;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, at most {@code burst} are kept. Taking
 * more than are there is refused with the time until enough will be; taking more than the
 * burst needs a full bucket and leaves a debt. Thread-safe (synchronized:
 * one short critical section per request, far below the cost of the request itself).
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastRefill;

    TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = nowNanos;
    }

    /** Takes {@code permits} tokens, or answers how long until they will be there. */
    synchronized Duration take(int permits, long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastRefill) * ratePerNano);
        lastRefill = nowNanos;
        // A request larger than the burst is let in on a full bucket and leaves it in debt, so a
        // big batch is slowed to the rate rather than refused for ever.
        double needed = Math.min(permits, burst);
        if (needed <= tokens) {
            tokens -= permits;
            return Duration.ZERO;
        }
        double missing = needed - tokens;
        return Duration.ofNanos((long) Math.ceil(missing / ratePerNano));
    }
}
