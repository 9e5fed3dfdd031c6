package dev.signalbox.gateway.ingest;

/**
 * An event the bus took: its id, and whether it was a duplicate (same source and id within the
 * bus's deduplication window), answered as accepted but stored only once.
 */
public record Accepted(String id, boolean isDuplicate) {}
