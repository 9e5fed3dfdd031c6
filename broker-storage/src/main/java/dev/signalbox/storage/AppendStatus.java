package dev.signalbox.storage;

/**
 * Outcome of an append. Storage hot paths answer with a status value, never with an exception.
 *
 * <p>Threading: immutable constants, safe on any thread.
 */
public enum AppendStatus {
    /** Stored as durably as the requested {@link FlushMode} promises. */
    OK,
    /** The write queue is full: back-pressure, retry later (the gateway answers 429/503). */
    STORE_BUSY,
    /** The encoded record is larger than {@link StoreConfig#maxRecordBytes()}. */
    TOO_LARGE,
    /** Writing or fsyncing failed; the record may or may not survive a restart. */
    IO_FAILED,
    /** The store is closing or closed. */
    CLOSED
}
