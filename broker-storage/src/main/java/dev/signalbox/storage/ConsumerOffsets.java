package dev.signalbox.storage;

import java.io.IOException;

/**
 * The committed offset of each (consumer group, topic): the next queue offset the group will read.
 *
 * <p>Threading: thread-safe. {@link #committed} is a memory read; {@link #commit} blocks on file
 * I/O and belongs on a worker thread. Owned by the {@link MessageStore} that returned it.
 */
public interface ConsumerOffsets {

    /** The group's committed offset for the topic; 0 when none was committed. */
    long committed(String group, String topic);

    /**
     * Durably and atomically records the offset (temp file, fsync, atomic rename, fsync of the
     * directory) before returning. A lower offset than the current one is accepted (a rewind).
     */
    void commit(String group, String topic, long offset) throws IOException;
}
