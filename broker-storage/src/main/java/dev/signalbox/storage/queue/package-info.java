/**
 * ConsumeQueues: per (topic, queue), fixed-width mapped files indexing the queue's records in the
 * CommitLog by queue offset. Derived data, built by the dispatcher and always rebuildable from the
 * log.
 */
package dev.signalbox.storage.queue;
