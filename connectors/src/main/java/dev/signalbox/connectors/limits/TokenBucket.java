package dev.signalbox.connectors.limits;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, at most {@code burst} are kept. Plain
 * Java with an explicit clock (nanoseconds). Threading: not thread-safe; its owner locks.
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

    /** Takes {@code permits} tokens and answers 0, or answers the nanoseconds until they are there. */
    long take(int permits, long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastRefill) * ratePerNano);
        lastRefill = nowNanos;
        double needed = Math.min(permits, burst);
        if (needed <= tokens) {
            tokens -= permits;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - tokens) / ratePerNano));
    }
}
