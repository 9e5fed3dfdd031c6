package dev.signalbox.gateway.ingest;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Events per second per API key, as token buckets (a second's worth of burst). A key over its
 * rate gets {@code rate.limited} (429) with the time to wait, before anything is parsed or
 * stored. A rate of 0 turns limiting off. Thread-safe.
 */
public final class RateLimiter {

    private final int eventsPerSecond;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int eventsPerSecond, LongSupplier nanoClock) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("eventsPerSecond must not be negative");
        }
        this.eventsPerSecond = eventsPerSecond;
        this.nanoClock = nanoClock;
    }

    public boolean isEnabled() {
        return eventsPerSecond > 0;
    }

    /** Takes {@code events} from the key's bucket or throws {@code rate.limited}. */
    public void acquire(String key, int events) {
        if (!isEnabled()) {
            return;
        }
        long now = nanoClock.getAsLong();
        Duration wait = buckets.computeIfAbsent(key, k -> new TokenBucket(eventsPerSecond, eventsPerSecond, now))
                .take(Math.max(1, events), now);
        if (!wait.isZero()) {
            throw new RateLimitedException(wait);
        }
    }

    /** A refusal that carries when to come back, for the {@code Retry-After} header. */
    public static final class RateLimitedException extends SignalboxException {
        private final Duration retryAfter;

        RateLimitedException(Duration retryAfter) {
            super(ErrorType.RATE_LIMITED, "This API key is over its rate; retry in " + seconds(retryAfter) + " s.");
            this.retryAfter = retryAfter;
        }

        public long retryAfterSeconds() {
            return seconds(retryAfter);
        }

        private static long seconds(Duration wait) {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }
}
