/** Placeholder. */
package dev.signalbox.schema;
