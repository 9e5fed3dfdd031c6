/** Durable file primitives shared by the store: directory fsync and atomic replacement. */
package dev.signalbox.storage.file;
