package dev.signalbox.gateway.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.gateway.bus.RetryPolicy;
import dev.signalbox.gateway.delivery.DeadLetterReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryDecisionTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
    private static final RetryPolicy POLICY = new RetryPolicy(3, 3600);

    private static RetryDecision decide(DeliveryOutcome outcome, int retries, RetryPolicy policy, Instant received) {
        return RetryDecision.after(outcome, retries, policy, received, NOW, BACKOFF, new Random(7));
    }

    @Test
    void deliveredIsDone() {
        assertInstanceOf(RetryDecision.Delivered.class, decide(DeliveryOutcome.delivered(204), 0, POLICY, NOW));
    }

    @Test
    void serverErrorsTimeoutsAndThrottlingAreRetriedWithinTheBackoffCeiling() {
        for (DeliveryOutcome outcome : new DeliveryOutcome[] {
            DeliveryOutcome.retryable(503, "HTTP 503", Optional.empty()),
            DeliveryOutcome.retryable(0, "timeout", Optional.empty()),
            DeliveryOutcome.retryable(408, "HTTP 408", Optional.empty()),
            DeliveryOutcome.retryable(429, "HTTP 429", Optional.empty())
        }) {
            RetryDecision.Retry retry = assertInstanceOf(RetryDecision.Retry.class, decide(outcome, 2, POLICY, NOW));
            // Retry 2 waits at most base * 2^2 = 4 s (full jitter: anywhere from 0).
            assertFalse(retry.due().isBefore(NOW));
            assertFalse(retry.due().isAfter(NOW.plusSeconds(4)));
        }
    }

    @Test
    void retryAfterIsAFloor() {
        DeliveryOutcome throttled = DeliveryOutcome.retryable(429, "HTTP 429", Optional.of(Duration.ofSeconds(90)));
        RetryDecision.Retry retry = assertInstanceOf(RetryDecision.Retry.class, decide(throttled, 0, POLICY, NOW));
        assertFalse(retry.due().isBefore(NOW.plusSeconds(90)));
    }

    @Test
    void otherClientErrorsAreFinalUnlessThePolicyListsThem() {
        DeliveryOutcome notFound = DeliveryOutcome.rejected(404, "HTTP 404");
        assertEquals(new RetryDecision.GiveUp(DeadLetterReason.REJECTED), decide(notFound, 0, POLICY, NOW));
        RetryPolicy lenient = new RetryPolicy(3, 3600, Set.of(404));
        assertInstanceOf(RetryDecision.Retry.class, decide(notFound, 0, lenient, NOW));
    }

    @Test
    void goneIsRecognisedByItsStatusWhateverTheVerdict() {
        assertEquals(
                new RetryDecision.GiveUp(DeadLetterReason.GONE),
                decide(DeliveryOutcome.rejected(410, "HTTP 410"), 0, POLICY, NOW));
        assertEquals(
                new RetryDecision.GiveUp(DeadLetterReason.GONE),
                decide(DeliveryOutcome.retryable(410, "HTTP 410", Optional.empty()), 0, POLICY, NOW));
    }

    @Test
    void whatTheTargetHeldBackIsDeferredNotCountedAsAnAttempt() {
        DeliveryOutcome open = DeliveryOutcome.retryable(
                DeliveryOutcome.Cause.CIRCUIT_OPEN, "circuit open", Optional.of(Duration.ofSeconds(30)));
        RetryDecision.Retry deferred = assertInstanceOf(RetryDecision.Retry.class, decide(open, 3, POLICY, NOW));
        assertFalse(deferred.isAttempt(), "even with maxAttempts used up, nothing was sent");
        assertEquals(NOW.plusSeconds(30), deferred.due());
        DeliveryOutcome throttled =
                DeliveryOutcome.retryable(DeliveryOutcome.Cause.THROTTLED, "queue full", Optional.empty());
        assertEquals(NOW.plusSeconds(1), ((RetryDecision.Retry) decide(throttled, 0, POLICY, NOW)).due());
        assertEquals(
                new RetryDecision.GiveUp(DeadLetterReason.MAX_EVENT_AGE),
                decide(open, 0, POLICY, NOW.minusSeconds(3590)),
                "but the age limit holds");
    }

    @Test
    void attemptsAndAgeAreLimited() {
        DeliveryOutcome failed = DeliveryOutcome.retryable(500, "HTTP 500", Optional.empty());
        assertEquals(new RetryDecision.GiveUp(DeadLetterReason.MAX_ATTEMPTS), decide(failed, 3, POLICY, NOW));
        assertInstanceOf(RetryDecision.Retry.class, decide(failed, 2, POLICY, NOW));
        RetryPolicy none = new RetryPolicy(0, 3600);
        assertEquals(new RetryDecision.GiveUp(DeadLetterReason.MAX_ATTEMPTS), decide(failed, 0, none, NOW));
        // Stored 59 min 59 s ago with a one-hour limit: a 90 s Retry-After would land past it.
        DeliveryOutcome later = DeliveryOutcome.retryable(503, "HTTP 503", Optional.of(Duration.ofSeconds(90)));
        Instant old = NOW.minusSeconds(3599);
        assertEquals(new RetryDecision.GiveUp(DeadLetterReason.MAX_EVENT_AGE), decide(later, 0, POLICY, old));
        assertTrue(decide(failed, 0, POLICY, NOW) instanceof RetryDecision.Retry);
    }
}
