/**
 * The CommitLog: every topic's records in one append-only sequence of segment files, the record
 * format, and the scan that verifies and repairs the log at open.
 */
package dev.signalbox.storage.log;
