package dev.signalbox.storage.log;

import java.io.IOException;

/**
 * Receives every record of the CommitLog, in log order, from some offset on: the dispatcher while
 * the store runs, and recovery while it re-verifies the log.
 *
 * <p>Threading: called on the one thread that follows the log.
 */
@FunctionalInterface
public interface LogFollower {

    /**
     * One record, parsed (and during recovery CRC-verified).
     *
     * @return the empty string when the record is acceptable; otherwise why the log must be cut
     *     here (recovery only: a queue offset out of sequence)
     */
    String accept(RecordView record, long logOffset) throws IOException;

    /** Recovery is about to hand over the records from {@code logOffset} on (a segment's start). */
    default void startingAt(long logOffset) throws IOException {}
}
