package dev.signalbox.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * What a transform may know about one delivery besides the event: how large its output may be, and the values of the reserved
 * variables ({@code <signalbox.bus-name>}, {@code <signalbox.rule-name>}, {@code
 * <signalbox.ingestion-time>} in templates; {@code $busName}, {@code $ruleName}, {@code
 * $ingestionTime} in JSONata).
 *
 * <p>Immutable, thread-safe.
 *
 * @param busName the bus the event was posted to
 * @param ruleName the rule that matched
 * @param ingestionTime when the bus accepted the event (written as ISO-8601 UTC, e.g. {@code
 *     2025-03-01T10:00:00.123Z})
 * @param maxOutputBytes the largest body the transform may give (the bus's largest event): a
 *     longer one is refused, and is not built past this bound
 */
public record TransformContext(String busName, String ruleName, Instant ingestionTime, int maxOutputBytes) {
    public TransformContext {
        Objects.requireNonNull(busName, "busName");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(ingestionTime, "ingestionTime");
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes must be positive: " + maxOutputBytes);
        }
    }
}
