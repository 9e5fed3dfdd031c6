/**
 * The embedded {@link dev.signalbox.storage.MessageStore}: wiring of the log, queues, index,
 * offsets and documents, the writer and flush agents that own the store's threads, and the data
 * directory's lock and clean-shutdown marker.
 */
package dev.signalbox.storage.embedded;
