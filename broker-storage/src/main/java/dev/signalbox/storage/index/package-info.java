/**
 * The persistent hash index from (topic, key) to CommitLog offsets: an event id or a business key
 * to every record carrying it, newest first, with time bounds. Derived data, rebuildable from the
 * log.
 */
package dev.signalbox.storage.index;
