package dev.signalbox.gateway.delivery;

/**
 * The store topics that carry one bus's deliveries besides its events: due retries (appended by
 * the store's timer when each retry is due), the deliveries of ordered targets in key order and
 * the triggers that retry the head of a key (kept apart, so a trigger is never stuck behind the
 * deliveries it unblocks), dead letters, and the delivery timeline. They are named after the bus's topic, so a
 * re-created bus (which gets a new topic) starts with none of the old bus's state. Immutable.
 */
public record BusTopics(
        String events, String retries, String ordered, String orderedRetries, String deadLetters, String attempts) {

    public static BusTopics of(String eventTopic) {
        return new BusTopics(
                eventTopic,
                eventTopic + ".retry",
                eventTopic + ".ordered",
                eventTopic + ".ordered.retry",
                eventTopic + ".dlq",
                eventTopic + ".attempts");
    }
}
