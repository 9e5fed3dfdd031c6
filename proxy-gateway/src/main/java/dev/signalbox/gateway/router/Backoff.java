package dev.signalbox.gateway.router;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): the wait before retry {@code n} is uniform in [0, min(max, base * 2^n)], which
 * spreads retries of many failed deliveries instead of sending them back in waves. A receiver's
 * {@code Retry-After} is a floor: no attempt comes before it. Immutable and thread-safe.
 */
record Backoff(Duration base, Duration max) {

    Duration delay(int retry, Optional<Duration> retryAfter, RandomGenerator random) {
        long ceiling = base.toMillis() << Math.min(retry, 30);
        if (ceiling <= 0 || ceiling > max.toMillis()) {
            ceiling = max.toMillis();
        }
        long jittered = random.nextLong(ceiling + 1);
        long floor = retryAfter.map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
