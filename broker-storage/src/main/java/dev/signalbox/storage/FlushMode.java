package dev.signalbox.storage;

/**
 * How durable an append must be before its stage completes. Chosen per append (the bus's flush
 * policy).
 *
 * <p>Threading: immutable constants, safe on any thread.
 */
public enum FlushMode {
    /**
     * Complete once the record is written to the segment file (the OS page cache). A background
     * fsync follows within the store's async flush interval: a process kill loses nothing, an OS
     * crash or power loss can lose up to one interval of acknowledged appends.
     */
    ASYNC,
    /**
     * Complete only after the record is fsynced. Appends drained in the same writer batch share one
     * fsync (group commit). Nothing acknowledged is lost on a process kill, OS crash or power loss.
     */
    SYNC
}
