package dev.signalbox.gateway.bus;

/**
 * What one request to a bus may carry, resolved: the bus's own limits where it set them, the
 * node's defaults elsewhere. {@link BusState} holds the resolved value, so ingest reads it once
 * per request instead of working it out. Immutable.
 *
 * @param maxEventBytes the most bytes one event may have: a structured body, a binary body with
 *     its {@code ce-} headers, one batch entry or one gRPC event
 * @param maxBatchEntries the most events one batch (HTTP or gRPC {@code Publish}) may hold
 * @param maxBatchBytes the most bytes one batch body (or gRPC {@code Publish} message) may have
 * @param maxHeaderBytes the most bytes of header lines ({@code name: value} and CRLF each) one
 *     request may carry; gRPC metadata is counted the same way
 */
public record IngestLimits(int maxEventBytes, int maxBatchEntries, int maxBatchBytes, int maxHeaderBytes) {

    /** The JSON names of the limits, as a bus's {@code limits} object spells them. */
    public static final String EVENT_BYTES = "maxEventBytes";

    public static final String BATCH_ENTRIES = "maxBatchEntries";
    public static final String BATCH_BYTES = "maxBatchBytes";
    public static final String HEADER_BYTES = "maxHeaderBytes";

    /** The least event size a bus may set: the CloudEvents spec asks receivers to take 64 KiB. */
    public static final int MIN_EVENT_BYTES = 64 * 1024;

    /** A batch must fit at least one event of the least size. */
    public static final int MIN_BATCH_BYTES = MIN_EVENT_BYTES;

    /**
     * The HTTP server's own header limit, checked before any bus is known: the most a bus can
     * take, and the default. A bus under it has its requests' headers counted.
     */
    public static final int SERVER_HEADER_BYTES = 64 * 1024;

    /** Below this, a client's own headers (authorization, user agent, tracing) would not fit. */
    public static final int MIN_HEADER_BYTES = 4 * 1024;

    public int get(String name) {
        return switch (name) {
            case EVENT_BYTES -> maxEventBytes;
            case BATCH_ENTRIES -> maxBatchEntries;
            case BATCH_BYTES -> maxBatchBytes;
            case HEADER_BYTES -> maxHeaderBytes;
            default -> throw new IllegalArgumentException("no limit named " + name);
        };
    }
}
