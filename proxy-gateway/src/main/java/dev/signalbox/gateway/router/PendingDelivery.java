package dev.signalbox.gateway.router;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A delivery that is waiting in one of the bus's delivery topics, as the properties of its
 * record there (the record's body is the event in its stored binary form, or empty for a
 * trigger). Three kinds:
 *
 * <ul>
 *   <li>{@code retry}: an unordered delivery due again (delayed on the store's timer);
 *   <li>{@code ordered}: a delivery to an ordered target, queued behind its key;
 *   <li>{@code trigger}: "retry the head of the ordered lane whose record is at {@code lane}", a
 *       delayed marker with no body, honoured only by the node run that wrote it.
 * </ul>
 *
 * <p>Immutable; the property names are a stored format, so they are never renamed.
 *
 * @param attempt the number of the next attempt (1 for one never tried)
 * @param firstAttemptAt epoch ms of the first attempt, 0 before it
 * @param receivedAt epoch ms from which the event's age is counted
 * @param lastStatus the HTTP status of the last attempt, 0 when none came back
 * @param busOffset where the event is in the bus topic, -1 for a redriven one
 * @param redriveOf the dead letter this delivery was redriven from
 * @param key the ordering key, for an ordered delivery that has one
 * @param lane for a trigger: the offset of the lane's head record in the ordered topic
 * @param run for a trigger: the node run that wrote it
 * @param spills how many times the delivery went to the retry topic for want of a free slot at
 *     its target since its last attempt
 */
record PendingDelivery(
        String kind,
        String rule,
        String target,
        int attempt,
        long firstAttemptAt,
        long receivedAt,
        int lastStatus,
        String lastError,
        long busOffset,
        Optional<String> redriveOf,
        Optional<String> key,
        long lane,
        long run,
        int spills) {

    static final String RETRY = "retry";
    static final String ORDERED = "ordered";
    static final String TRIGGER = "trigger";
    /** Store properties are short strings; an error message is cut to this many characters. */
    private static final int MAX_ERROR = 512;

    PendingDelivery {
        lastError = lastError.length() > MAX_ERROR ? lastError.substring(0, MAX_ERROR) : lastError;
    }

    static PendingDelivery fresh(String kind, String rule, String target, long receivedAt, long busOffset) {
        return new PendingDelivery(
                kind, rule, target, 1, 0, receivedAt, 0, "", busOffset, Optional.empty(), Optional.empty(), -1, 0, 0);
    }

    /**
     * The same delivery passed to the retry topic because its target had no free slot: not an
     * attempt, but counted, so that each further pass waits longer.
     */
    PendingDelivery spilled() {
        return copy(RETRY, spills + 1);
    }

    /** The same delivery as another kind of record (never a trigger: use {@link #trigger}). */
    PendingDelivery as(String newKind) {
        return copy(newKind, spills);
    }

    private PendingDelivery copy(String newKind, int newSpills) {
        return new PendingDelivery(
                newKind,
                rule,
                target,
                attempt,
                firstAttemptAt,
                receivedAt,
                lastStatus,
                lastError,
                busOffset,
                redriveOf,
                key,
                -1,
                0,
                newSpills);
    }

    PendingDelivery withKey(Optional<String> value) {
        return new PendingDelivery(
                kind,
                rule,
                target,
                attempt,
                firstAttemptAt,
                receivedAt,
                lastStatus,
                lastError,
                busOffset,
                redriveOf,
                value,
                lane,
                run,
                spills);
    }

    PendingDelivery withRedriveOf(String deadLetterId) {
        return new PendingDelivery(
                kind,
                rule,
                target,
                attempt,
                firstAttemptAt,
                receivedAt,
                lastStatus,
                lastError,
                busOffset,
                Optional.of(deadLetterId),
                key,
                lane,
                run,
                spills);
    }

    /** The same delivery after a failed attempt, due again as a retry. */
    PendingDelivery failed(long attemptedAt, int status, String error) {
        long first = firstAttemptAt == 0 ? attemptedAt : firstAttemptAt;
        return new PendingDelivery(
                RETRY,
                rule,
                target,
                attempt + 1,
                first,
                receivedAt,
                status,
                error,
                busOffset,
                redriveOf,
                key,
                lane,
                run,
                0);
    }

    /** A trigger for the ordered lane whose head is this delivery, at {@code laneOffset}. */
    PendingDelivery trigger(long laneOffset, long nodeRun) {
        return new PendingDelivery(
                TRIGGER,
                rule,
                target,
                attempt,
                firstAttemptAt,
                receivedAt,
                lastStatus,
                lastError,
                busOffset,
                redriveOf,
                key,
                laneOffset,
                nodeRun,
                spills);
    }

    Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("kind", kind);
        p.put("rule", rule);
        p.put("target", target);
        p.put("attempt", Integer.toString(attempt));
        p.put("first", Long.toString(firstAttemptAt));
        p.put("received", Long.toString(receivedAt));
        p.put("status", Integer.toString(lastStatus));
        if (!lastError.isEmpty()) {
            p.put("error", lastError);
        }
        p.put("offset", Long.toString(busOffset));
        redriveOf.ifPresent(id -> p.put("redriveOf", id));
        key.ifPresent(k -> p.put("key", k));
        if (spills > 0) {
            p.put("spills", Integer.toString(spills));
        }
        if (kind.equals(TRIGGER)) {
            p.put("lane", Long.toString(lane));
            p.put("run", Long.toString(run));
        }
        return p;
    }

    /** Reads the properties of a delivery record; throws IllegalArgumentException when they are not one. */
    static PendingDelivery of(Map<String, String> p) {
        try {
            return new PendingDelivery(
                    required(p, "kind"),
                    required(p, "rule"),
                    required(p, "target"),
                    Integer.parseInt(required(p, "attempt")),
                    Long.parseLong(required(p, "first")),
                    Long.parseLong(required(p, "received")),
                    Integer.parseInt(p.getOrDefault("status", "0")),
                    p.getOrDefault("error", ""),
                    Long.parseLong(p.getOrDefault("offset", "-1")),
                    Optional.ofNullable(p.get("redriveOf")),
                    Optional.ofNullable(p.get("key")),
                    Long.parseLong(p.getOrDefault("lane", "-1")),
                    Long.parseLong(p.getOrDefault("run", "0")),
                    Integer.parseInt(p.getOrDefault("spills", "0")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a delivery record: " + p, e);
        }
    }

    private static String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null) {
            throw new IllegalArgumentException("not a delivery record, no " + name + ": " + p);
        }
        return value;
    }
}
