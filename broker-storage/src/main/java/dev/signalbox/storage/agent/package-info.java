/** What the store's agents (the threads that own its background work) share. */
package dev.signalbox.storage.agent;
