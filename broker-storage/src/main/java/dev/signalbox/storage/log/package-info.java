/**
 * The CommitLog: every topic's records in one append-only sequence of fixed-size memory-mapped
 * segments, the record format, the agent that pre-allocates and pre-touches segments, and the
 * verification that cuts a torn or corrupt tail at open.
 */
package dev.signalbox.storage.log;
