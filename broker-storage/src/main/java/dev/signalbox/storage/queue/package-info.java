/**
 * ConsumeQueues: per topic, a fixed-width file indexing the topic's records in the CommitLog by
 * queue offset. Derived data: always rebuildable from the log.
 */
package dev.signalbox.storage.queue;
