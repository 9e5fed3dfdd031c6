/** Placeholder. */
package dev.signalbox.connectors;
