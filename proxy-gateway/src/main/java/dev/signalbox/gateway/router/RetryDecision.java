package dev.signalbox.gateway.router;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.gateway.bus.RetryPolicy;
import dev.signalbox.gateway.delivery.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * What becomes of a delivery after one attempt: done, tried again at a due time, or given up with
 * a reason. Pure: the same inputs give the same answer, so the policy is tested without a target.
 *
 * <p>410 Gone is recognised by its cause or its status, whatever verdict the connector gave it,
 * so that the target is disabled rather than retried. Immutable values; thread-safe.
 */
sealed interface RetryDecision {

    /** The event arrived. */
    record Delivered() implements RetryDecision {}

    /**
     * Try again, not before {@code due}. {@code isAttempt} is false when nothing reached the
     * receiver (the target's own limits or open circuit held it back): such a deferral counts
     * against the event's age, never against {@code maxAttempts}.
     */
    record Retry(Instant due, boolean isAttempt) implements RetryDecision {
        Retry(Instant due) {
            this(due, true);
        }
    }

    /** Stop: the delivery goes to the dead letters for this reason. */
    record GiveUp(DeadLetterReason reason) implements RetryDecision {}

    /**
     * Decides after an attempt.
     *
     * @param retries how many retries came before this attempt (0 after the first attempt)
     * @param receivedAt when the bus stored the event (or when it was redriven): the age limit
     *     counts from there
     */
    static RetryDecision after(
            DeliveryOutcome outcome,
            int retries,
            RetryPolicy policy,
            Instant receivedAt,
            Instant now,
            Backoff backoff,
            RandomGenerator random) {
        if (outcome.isDelivered()) {
            return new Delivered();
        }
        if (outcome.cause() == DeliveryOutcome.Cause.THROTTLED
                || outcome.cause() == DeliveryOutcome.Cause.CIRCUIT_OPEN) {
            Instant due = now.plus(outcome.retryAfter().orElse(backoff.base()));
            return due.isAfter(receivedAt.plus(policy.maxEventAge()))
                    ? new GiveUp(DeadLetterReason.MAX_EVENT_AGE)
                    : new Retry(due, false);
        }
        if (outcome.cause() == DeliveryOutcome.Cause.GONE || outcome.statusCode() == 410) {
            return new GiveUp(DeadLetterReason.GONE);
        }
        if (outcome.verdict() == DeliveryOutcome.Verdict.REJECTED && !policy.isRetryable(outcome.statusCode())) {
            return new GiveUp(DeadLetterReason.REJECTED);
        }
        if (retries >= policy.maxAttempts()) {
            return new GiveUp(DeadLetterReason.MAX_ATTEMPTS);
        }
        Duration wait = backoff.delay(retries, outcome.retryAfter(), random);
        Instant due = now.plus(wait);
        if (due.isAfter(receivedAt.plus(policy.maxEventAge()))) {
            return new GiveUp(DeadLetterReason.MAX_EVENT_AGE);
        }
        return new Retry(due);
    }
}
