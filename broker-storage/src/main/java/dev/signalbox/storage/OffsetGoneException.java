package dev.signalbox.storage;

import java.io.IOException;

/**
 * Thrown by the list-returning reads ({@link MessageStore#read(String, long, int)}) when the
 * requested queue offset is no longer held; {@link MessageStore#fetch} answers the same with
 * {@link ReadStatus#OFFSET_GONE} instead. Resume from {@link #earliestOffset()}.
 *
 * <p>Threading: an exception, confined to the thread that caught it.
 */
public final class OffsetGoneException extends IOException {

    private final String topic;
    private final long requestedOffset;
    private final long earliestOffset;

    public OffsetGoneException(String topic, long requestedOffset, long earliestOffset) {
        super("offset " + requestedOffset + " of topic '" + topic
                + "' is no longer held (retention or TTL); the earliest offset held is " + earliestOffset);
        this.topic = topic;
        this.requestedOffset = requestedOffset;
        this.earliestOffset = earliestOffset;
    }

    public String topic() {
        return topic;
    }

    public long requestedOffset() {
        return requestedOffset;
    }

    /** The lowest queue offset of the topic still held when the read was made. */
    public long earliestOffset() {
        return earliestOffset;
    }
}
