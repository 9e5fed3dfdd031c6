package dev.signalbox.gateway.http;

import dev.signalbox.connectors.webhook.BinaryMode;
import dev.signalbox.core.BatchEntry;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventValidator;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.StructuredEvents;
import dev.signalbox.core.Violation;
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
 * each entry's own result so one bad entry does not sink the rest. Stateless.
 */
public final class EventRequests {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";

    /** One event, or a batch whose entries are each an event or the reason it is not one. */
    public sealed interface Decoded permits Single, Batch {}

    public record Single(Event event) implements Decoded {}

    public record Batch(List<Object> entries) implements Decoded {}

    private final int maxEventBytes;
    private final int maxBatchEntries;

    public EventRequests(int maxEventBytes, int maxBatchEntries) {
        this.maxEventBytes = maxEventBytes;
        this.maxBatchEntries = maxBatchEntries;
    }

    public Decoded decode(MultiMap headers, Buffer body) {
        String contentType = mediaType(headers.get("content-type"));
        if (contentType.equals(STRUCTURED)) {
            requireSize(body.length());
            return new Single(StructuredEvents.parse(body.getBytes()));
        }
        if (contentType.equals(BATCH)) {
            return batch(body);
        }
        if (contentType.startsWith("application/cloudevents")) {
            throw new SignalboxException(
                    ErrorType.MEDIA_TYPE_UNSUPPORTED,
                    "The event format '" + contentType + "' is not supported; use binary mode, " + STRUCTURED + " or "
                            + BATCH + ".");
        }
        return new Single(binary(headers, body));
    }

    private Event binary(MultiMap headers, Buffer body) {
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
        requireSize(size);
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

    private Batch batch(Buffer body) {
        List<Object> entries = new ArrayList<>();
        for (BatchEntry entry : StructuredEvents.parseBatch(body.getBytes(), maxBatchEntries, maxEventBytes)) {
            entries.add(entry.event().<Object>map(e -> e).orElseGet(() -> entry.error()
                    .orElseThrow()));
        }
        return new Batch(entries);
    }

    private void requireSize(long bytes) {
        if (bytes > maxEventBytes) {
            throw new SignalboxException(
                    ErrorType.EVENT_TOO_LARGE,
                    "The event is " + bytes + " bytes; this bus accepts events up to " + maxEventBytes + " bytes.");
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
