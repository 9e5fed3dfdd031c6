/**
 * Retention: whole CommitLog segments deleted by age and by total size, far from the hot paths,
 * and per-topic TTLs that make older records of a topic unreadable before their segment goes.
 */
package dev.signalbox.storage.retention;
