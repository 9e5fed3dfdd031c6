/** Lookup of records by key (an event id or a business key). */
package dev.signalbox.storage.index;
