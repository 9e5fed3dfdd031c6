/**
 * Delayed records, RocketMQ 5 timer-message style: a delayed record is first appended to the
 * timer topic of the CommitLog (durable like any record), then enqueued in the timer log and the
 * time wheel, and appended to its real topic when due.
 */
package dev.signalbox.storage.timer;
