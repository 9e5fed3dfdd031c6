/** Placeholder. */
package dev.signalbox.gateway;
