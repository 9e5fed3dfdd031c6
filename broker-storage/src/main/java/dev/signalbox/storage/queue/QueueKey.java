package dev.signalbox.storage.queue;

/**
 * Names one ConsumeQueue: a topic and one of its queues.
 *
 * <p>Threading: immutable value, safe to share.
 */
public record QueueKey(String topic, int queueId) {

    @Override
    public String toString() {
        return topic + "/" + queueId;
    }
}
