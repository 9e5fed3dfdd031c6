/** Consumer groups' committed offsets, kept in one atomically replaced file. */
package dev.signalbox.storage.offsets;
