package dev.signalbox.gateway.delivery;

import java.util.Optional;

/**
 * Why a delivery ended in the dead letters: the condition that exhausted it. The wire names are
 * part of the API ({@code deadletterreason} extension, {@code reason} filter). Immutable.
 */
public enum DeadLetterReason {
    /** The target's {@code retryPolicy.maxAttempts} retries all failed. */
    MAX_ATTEMPTS("maxAttempts"),
    /** The next retry would come after the event's {@code retryPolicy.maxEventAgeSeconds}. */
    MAX_EVENT_AGE("maxEventAge"),
    /** The target answered a status that another attempt would not change (most 4xx). */
    REJECTED("rejected"),
    /** The target answered 410 Gone, or was disabled by an earlier 410. */
    GONE("gone"),
    /**
     * Its rule disabled the target ({@code "state": "disabled"}) while this delivery was under
     * way (a retry, an ordered one waiting, a redrive); new matches are not routed to it at all.
     */
    DISABLED("disabled");

    private final String wireName;

    DeadLetterReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<DeadLetterReason> fromWire(String name) {
        for (DeadLetterReason reason : values()) {
            if (reason.wireName.equals(name)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
