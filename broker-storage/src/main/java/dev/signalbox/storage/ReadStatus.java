package dev.signalbox.storage;

/**
 * Outcome of {@link MessageStore#fetch}. A hot-path answer: a status value, not an exception.
 *
 * <p>Threading: immutable constants, safe on any thread.
 */
public enum ReadStatus {
    /** The records from the requested offset (possibly none yet: the caller is at the end). */
    OK,
    /**
     * The requested offset is no longer held: retention deleted its segment or the topic's TTL
     * expired it. {@link ReadResult#earliestOffset()} says where the topic now starts.
     */
    OFFSET_GONE
}
