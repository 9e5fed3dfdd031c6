package dev.signalbox.gateway.bus;

import java.time.Duration;

/**
 * How long a target's deliveries are retried: at most {@code maxAttempts} retries after the
 * first attempt, and never for an event older than {@code maxEventAgeSeconds}. The defaults
 * are EventBridge's: 185 retries over at most 24 hours.
 */
public record RetryPolicy(int maxAttempts, int maxEventAgeSeconds) {

    public static final int MAX_ATTEMPTS = 185;
    public static final int MIN_EVENT_AGE_SECONDS = 60;
    public static final int MAX_EVENT_AGE_SECONDS = 86_400;
    public static final RetryPolicy DEFAULT = new RetryPolicy(MAX_ATTEMPTS, MAX_EVENT_AGE_SECONDS);

    public RetryPolicy {
        if (maxAttempts < 0 || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be within 0.." + MAX_ATTEMPTS);
        }
        if (maxEventAgeSeconds < MIN_EVENT_AGE_SECONDS || maxEventAgeSeconds > MAX_EVENT_AGE_SECONDS) {
            throw new IllegalArgumentException(
                    "maxEventAgeSeconds must be within " + MIN_EVENT_AGE_SECONDS + ".." + MAX_EVENT_AGE_SECONDS);
        }
    }

    public Duration maxEventAge() {
        return Duration.ofSeconds(maxEventAgeSeconds);
    }
}
