/**
 * The embedded {@link dev.signalbox.storage.MessageStore}: recovery of the data directory, the
 * agents that own the store's threads (writer, dispatcher, flush), the read side, and the data
 * directory's lock and clean-shutdown marker.
 */
package dev.signalbox.storage.embedded;
