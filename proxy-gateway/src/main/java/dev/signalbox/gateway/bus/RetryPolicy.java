package dev.signalbox.gateway.bus;

import java.time.Duration;
import java.util.Set;

/**
 * How long a target's deliveries are retried: at most {@code maxAttempts} retries after the
 * first attempt, and never for an event older than {@code maxEventAgeSeconds}. The defaults
 * are EventBridge's: 185 retries over at most 24 hours.
 *
 * <p>Timeouts, connection failures, 408, 429 and 5xx are always retried. Any other 4xx is final
 * (the event goes to the dead letters at once) unless it is listed in {@code retryableStatuses}:
 * a receiver that answers 404 or 409 while it is being deployed can opt in. Immutable.
 */
public record RetryPolicy(int maxAttempts, int maxEventAgeSeconds, Set<Integer> retryableStatuses) {

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
        retryableStatuses = Set.copyOf(retryableStatuses);
        for (int status : retryableStatuses) {
            if (status < 400 || status > 499 || status == 410) {
                throw new IllegalArgumentException("retryableStatuses lists 4xx statuses other than 410");
            }
        }
    }

    public RetryPolicy(int maxAttempts, int maxEventAgeSeconds) {
        this(maxAttempts, maxEventAgeSeconds, Set.of());
    }

    public Duration maxEventAge() {
        return Duration.ofSeconds(maxEventAgeSeconds);
    }

    /** Whether a 4xx answer other than 408 and 429 is retried for this target. */
    public boolean isRetryable(int status) {
        return retryableStatuses.contains(status);
    }
}
