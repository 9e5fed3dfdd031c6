package dev.signalbox.gateway.bus;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The limits a bus declared for itself (its {@code limits} object); a limit it left out follows
 * the node's default, so a node started with another default changes every bus that did not
 * choose. Immutable.
 */
public record BusLimits(
        OptionalInt maxEventBytes, OptionalInt maxBatchEntries, OptionalInt maxBatchBytes, OptionalInt maxHeaderBytes) {

    /** A bus that chose no limits of its own. */
    public static final BusLimits NODE_DEFAULTS =
            new BusLimits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

    /** The names in the order the API writes them. */
    public static final List<String> NAMES = List.of(
            IngestLimits.EVENT_BYTES, IngestLimits.BATCH_ENTRIES, IngestLimits.BATCH_BYTES, IngestLimits.HEADER_BYTES);

    public BusLimits {
        Objects.requireNonNull(maxEventBytes, "maxEventBytes");
        Objects.requireNonNull(maxBatchEntries, "maxBatchEntries");
        Objects.requireNonNull(maxBatchBytes, "maxBatchBytes");
        Objects.requireNonNull(maxHeaderBytes, "maxHeaderBytes");
    }

    public OptionalInt get(String name) {
        return switch (name) {
            case IngestLimits.EVENT_BYTES -> maxEventBytes;
            case IngestLimits.BATCH_ENTRIES -> maxBatchEntries;
            case IngestLimits.BATCH_BYTES -> maxBatchBytes;
            case IngestLimits.HEADER_BYTES -> maxHeaderBytes;
            default -> throw new IllegalArgumentException("no limit named " + name);
        };
    }

    public boolean isEmpty() {
        return NAMES.stream().allMatch(name -> get(name).isEmpty());
    }
}
