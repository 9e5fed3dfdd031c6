package dev.signalbox.gateway.delivery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One dead letter as listed: which delivery gave up, why, after how many attempts and when. The
 * event itself stays in the dead-letter topic at {@link #offset()} (read it with
 * {@link DeadLetters#event}). The id is that offset in decimal: unique within the bus, stable
 * across restarts. Immutable.
 *
 * @param lastStatus the HTTP status of the last attempt, 0 when none came back (or none was made)
 * @param attempts attempts made, 0 when the target was already disabled
 * @param firstAttemptAt the first attempt, or the dead-lettering time when there was none
 */
public record DeadLetter(
        long offset,
        String eventId,
        String eventSource,
        String rule,
        String target,
        DeadLetterReason reason,
        int lastStatus,
        String lastError,
        int attempts,
        Instant firstAttemptAt,
        Instant lastAttemptAt) {

    public DeadLetter {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastError, "lastError");
    }

    public String id() {
        return Long.toString(offset);
    }

    /** The record's properties in the dead-letter topic (a stored format: never renamed). */
    Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("kind", "deadLetter");
        p.put("eventId", eventId);
        p.put("eventSource", eventSource);
        p.put("rule", rule);
        p.put("target", target);
        p.put("reason", reason.wireName());
        p.put("status", Integer.toString(lastStatus));
        if (!lastError.isEmpty()) {
            p.put("error", lastError);
        }
        p.put("attempts", Integer.toString(attempts));
        p.put("first", Long.toString(firstAttemptAt.toEpochMilli()));
        p.put("last", Long.toString(lastAttemptAt.toEpochMilli()));
        return p;
    }

    static DeadLetter of(long offset, Map<String, String> p) {
        return new DeadLetter(
                offset,
                p.get("eventId"),
                p.getOrDefault("eventSource", ""),
                p.get("rule"),
                p.get("target"),
                DeadLetterReason.fromWire(p.get("reason")).orElseThrow(),
                Integer.parseInt(p.getOrDefault("status", "0")),
                p.getOrDefault("error", ""),
                Integer.parseInt(p.getOrDefault("attempts", "0")),
                Instant.ofEpochMilli(Long.parseLong(p.get("first"))),
                Instant.ofEpochMilli(Long.parseLong(p.get("last"))));
    }

    DeadLetter at(long newOffset) {
        return new DeadLetter(
                newOffset,
                eventId,
                eventSource,
                rule,
                target,
                reason,
                lastStatus,
                lastError,
                attempts,
                firstAttemptAt,
                lastAttemptAt);
    }

    /** The API form, without the event. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance
                .objectNode()
                .put("id", id())
                .put("eventId", eventId)
                .put("eventSource", eventSource)
                .put("rule", rule)
                .put("target", target)
                .put("reason", reason.wireName())
                .put("lastStatus", lastStatus)
                .put("attempts", attempts)
                .put("firstAttemptAt", firstAttemptAt.toString())
                .put("lastAttemptAt", lastAttemptAt.toString());
        if (!lastError.isEmpty()) {
            json.put("lastError", lastError);
        }
        return json;
    }
}
