package dev.signalbox.connectors.webhook;

import java.time.Duration;

/**
 * When a batching target sends: at {@code maxEvents} events, before the body would pass {@code
 * maxBytes}, or {@code maxWait} after the first event of the batch arrived, whichever comes
 * first. An event larger than {@code maxBytes} on its own goes alone. Immutable, validated.
 */
public record BatchLimits(int maxEvents, int maxBytes, Duration maxWait) {

    public static final BatchLimits DEFAULTS = new BatchLimits(100, 256 * 1024, Duration.ofSeconds(1));

    public BatchLimits {
        if (maxEvents < 1 || maxBytes < 2) {
            throw new IllegalArgumentException("maxEvents must be at least 1 and maxBytes at least 2");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
    }
}
