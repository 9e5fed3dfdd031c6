package dev.signalbox.connectors;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one delivery attempt came to. Immutable.
 *
 * <p>The {@link Verdict} is all a retry policy needs; the {@link Cause} says why, for metrics, the
 * delivery timeline and the one case a router treats specially: {@link Cause#GONE} (HTTP 410), a
 * rejection that also means the receiver asks never to be called again, so the target is disabled.
 *
 * @param verdict whether the event arrived, may arrive if tried again, or never will
 * @param statusCode the receiver's HTTP status, or 0 when no response came back
 * @param error a short reason for a failed attempt, empty when delivered
 * @param retryAfter how long to wait before the next attempt, when the receiver (its {@code
 *     Retry-After}) or a local limit (a full queue, an open circuit) said so
 * @param cause why the attempt ended the way it did
 */
public record DeliveryOutcome(
        Verdict verdict, int statusCode, String error, Optional<Duration> retryAfter, Cause cause) {

    /** The three ways an attempt can end. */
    public enum Verdict {
        DELIVERED,
        /** Worth another attempt later: timeouts, refused connections, 408, 429, 5xx, local limits. */
        RETRYABLE,
        /** Another attempt would fail the same way: other 4xx (410 Gone among them), redirects. */
        REJECTED
    }

    /** Why an attempt ended as it did. */
    public enum Cause {
        /** A 2xx answer. */
        OK,
        /** The receiver answered with a status that is not 2xx (see {@link #statusCode()}). */
        HTTP_STATUS,
        /** HTTP 410 Gone: the receiver no longer exists; the target should be disabled. */
        GONE,
        /** No answer within the target's timeout. */
        TIMEOUT,
        /** The connection could not be made or broke before the answer. */
        CONNECTION,
        /** The target's own limits held the delivery back (full queue, rate); nothing was sent. */
        THROTTLED,
        /** The target's circuit breaker is open; nothing was sent. */
        CIRCUIT_OPEN,
        /** The target's address is not allowed (SSRF guard) or its configuration is unusable. */
        FORBIDDEN
    }

    public DeliveryOutcome {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(cause, "cause");
    }

    /** The outcome of an attempt as the three-field form had it; the cause is inferred. */
    public DeliveryOutcome(Verdict verdict, int statusCode, String error, Optional<Duration> retryAfter) {
        this(verdict, statusCode, error, retryAfter, inferred(verdict, statusCode));
    }

    public static DeliveryOutcome delivered(int statusCode) {
        return new DeliveryOutcome(Verdict.DELIVERED, statusCode, "", Optional.empty(), Cause.OK);
    }

    public static DeliveryOutcome retryable(int statusCode, String error, Optional<Duration> retryAfter) {
        return new DeliveryOutcome(Verdict.RETRYABLE, statusCode, error, retryAfter);
    }

    public static DeliveryOutcome retryable(Cause cause, String error, Optional<Duration> retryAfter) {
        return new DeliveryOutcome(Verdict.RETRYABLE, 0, error, retryAfter, cause);
    }

    public static DeliveryOutcome rejected(int statusCode, String error) {
        return new DeliveryOutcome(Verdict.REJECTED, statusCode, error, Optional.empty());
    }

    public static DeliveryOutcome rejected(Cause cause, String error) {
        return new DeliveryOutcome(Verdict.REJECTED, 0, error, Optional.empty(), cause);
    }

    /** HTTP 410 Gone: rejected, and the receiver asks that the target be disabled. */
    public static DeliveryOutcome gone(String error) {
        return new DeliveryOutcome(Verdict.REJECTED, 410, error, Optional.empty(), Cause.GONE);
    }

    public boolean isDelivered() {
        return verdict == Verdict.DELIVERED;
    }

    /** Whether the receiver said it is gone for good (HTTP 410), so the target should be disabled. */
    public boolean isGone() {
        return cause == Cause.GONE;
    }

    private static Cause inferred(Verdict verdict, int statusCode) {
        if (verdict == Verdict.DELIVERED) {
            return Cause.OK;
        }
        if (statusCode == 410) {
            return Cause.GONE;
        }
        return statusCode == 0 ? Cause.CONNECTION : Cause.HTTP_STATUS;
    }
}
