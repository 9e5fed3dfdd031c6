package dev.signalbox.gateway.http;

import dev.signalbox.connectors.webhook.BinaryMode;
import dev.signalbox.core.BatchEntry;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventValidator;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.StructuredEvents;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.IngestLimits;
import dev.signalbox.gateway.ingest.HeaderBytes;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an HTTP request into CloudEvents, in whichever content mode it came: binary ({@code
 * ce-} headers and the body as data), structured ({@code application/cloudevents+json}) or
 * batched ({@code application/cloudevents-batch+json}). Every event is validated; a batch keeps
 * each entry's own result so one bad entry does not sink the rest. The bus's {@link
 * IngestLimits} come with each request, so a change to them holds from the next one. Stateless.
 */
public final class EventRequests {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";

    /** One event, or a batch whose entries are each an event or the reason it is not one. */
    public sealed interface Decoded permits Single, Batch {}

    public record Single(Event event) implements Decoded {}

    public record Batch(List<Object> entries) implements Decoded {}

    public Decoded decode(MultiMap headers, Buffer body, IngestLimits limits) {
        if (limits.maxHeaderBytes() < IngestLimits.SERVER_HEADER_BYTES) {
            // The HTTP server already holds every request to its own limit; only a bus that
            // lowered it pays for counting.
            requireHeaderSize(headers, limits.maxHeaderBytes());
        }
        String contentType = mediaType(headers.get("content-type"));
        if (contentType.equals(STRUCTURED)) {
            requireSize(body.length(), limits.maxEventBytes());
            return new Single(StructuredEvents.parse(body.getBytes()));
        }
        if (contentType.equals(BATCH)) {
            return batch(body, limits);
        }
        if (contentType.startsWith("application/cloudevents")) {
            throw new SignalboxException(
                    ErrorType.MEDIA_TYPE_UNSUPPORTED,
                    "The event format '" + contentType + "' is not supported; use binary mode, " + STRUCTURED + " or "
                            + BATCH + ".");
        }
        return new Single(binary(headers, body, limits.maxEventBytes()));
    }

    private static Event binary(MultiMap headers, Buffer body, int maxEventBytes) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        long size = body.length();
        int prefix = BinaryMode.HEADER_PREFIX.length();
        for (Map.Entry<String, String> header : headers) {
            // Only ce- headers are lower-cased: the others (auth, host, length) are most of them.
            if (!header.getKey().regionMatches(true, 0, BinaryMode.HEADER_PREFIX, 0, prefix)) {
                continue;
            }
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String attribute = name.substring(BinaryMode.HEADER_PREFIX.length());
            size += attribute.length() + header.getValue().length();
            if (attributes.containsKey(attribute)) {
                violations.add(new Violation("/" + attribute, "is given more than once (header " + name + ")"));
                continue;
            }
            attributes.put(attribute, BinaryMode.decode(header.getValue()));
        }
        requireSize(size, maxEventBytes);
        String contentType = headers.get("content-type");
        if (contentType != null && !attributes.containsKey(BinaryMode.DATA_CONTENT_TYPE)) {
            attributes.put(BinaryMode.DATA_CONTENT_TYPE, contentType);
        }
        Event event = new Event(attributes, body.length() == 0 ? null : body.getBytes());
        violations.addAll(EventValidator.validate(event));
        if (!violations.isEmpty()) {
            throw new SignalboxException(
                    ErrorType.EVENT_INVALID,
                    "The binary-mode event is not a valid CloudEvent: " + violations.size() + " problem(s).",
                    violations);
        }
        return event;
    }

    private static Batch batch(Buffer body, IngestLimits limits) {
        if (body.length() > limits.maxBatchBytes()) {
            throw new SignalboxException(
                    ErrorType.BATCH_TOO_LARGE,
                    "The batch is " + body.length() + " bytes; this bus accepts batches up to " + limits.maxBatchBytes()
                            + " bytes (limits.maxBatchBytes); split it.");
        }
        List<Object> entries = new ArrayList<>();
        for (BatchEntry entry :
                StructuredEvents.parseBatch(body.getBytes(), limits.maxBatchEntries(), limits.maxEventBytes())) {
            entries.add(entry.event().<Object>map(e -> e).orElseGet(() -> entry.error()
                    .orElseThrow()));
        }
        return new Batch(entries);
    }

    private static void requireSize(long bytes, int maxEventBytes) {
        if (bytes > maxEventBytes) {
            throw new SignalboxException(
                    ErrorType.EVENT_TOO_LARGE,
                    "The event is " + bytes + " bytes; this bus accepts events up to " + maxEventBytes
                            + " bytes (limits.maxEventBytes).");
        }
    }

    private static void requireHeaderSize(MultiMap headers, int maxHeaderBytes) {
        long bytes = HeaderBytes.of(headers);
        if (bytes > maxHeaderBytes) {
            throw new SignalboxException(
                    ErrorType.HEADERS_TOO_LARGE,
                    "The request's headers are " + bytes + " bytes; this bus accepts up to " + maxHeaderBytes
                            + " bytes of headers (limits.maxHeaderBytes).");
        }
    }

    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
