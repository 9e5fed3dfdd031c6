package dev.signalbox.connectors;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one delivery attempt came to. Immutable.
 *
 * @param verdict whether the event arrived, may arrive if tried again, or never will
 * @param statusCode the receiver's HTTP status, or 0 when no response came back
 * @param error a short reason for a failed attempt, empty when delivered
 * @param retryAfter the receiver's {@code Retry-After}, when it sent one
 */
public record DeliveryOutcome(Verdict verdict, int statusCode, String error, Optional<Duration> retryAfter) {

    /** The three ways an attempt can end. */
    public enum Verdict {
        DELIVERED,
        /** Worth another attempt later: timeouts, refused connections, 408, 429, 5xx. */
        RETRYABLE,
        /** Another attempt would fail the same way: other 4xx, 410 Gone, redirects. */
        REJECTED
    }

    public DeliveryOutcome {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    public static DeliveryOutcome delivered(int statusCode) {
        return new DeliveryOutcome(Verdict.DELIVERED, statusCode, "", Optional.empty());
    }

    public static DeliveryOutcome retryable(int statusCode, String error, Optional<Duration> retryAfter) {
        return new DeliveryOutcome(Verdict.RETRYABLE, statusCode, error, retryAfter);
    }

    public static DeliveryOutcome rejected(int statusCode, String error) {
        return new DeliveryOutcome(Verdict.REJECTED, statusCode, error, Optional.empty());
    }

    public boolean isDelivered() {
        return verdict == Verdict.DELIVERED;
    }
}
