package dev.signalbox.connectors.webhook;

import dev.signalbox.core.Event;
import dev.signalbox.core.StructuredEvents;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How events are laid out in a webhook request (CloudEvents HTTP binding, section 3):
 *
 * <ul>
 *   <li>{@link #BINARY}: attributes in {@code ce-} headers, the data bytes as the body (the default);
 *   <li>{@link #STRUCTURED}: one {@code application/cloudevents+json} document, JSON data embedded
 *       byte for byte, text data as a string, anything else as {@code data_base64};
 *   <li>{@link #BATCHED}: an {@code application/cloudevents-batch+json} array of such documents,
 *       sent by a {@link BatchingTarget} for several deliveries at once.
 * </ul>
 *
 * Stateless.
 */
public enum DeliveryMode {
    BINARY,
    STRUCTURED,
    BATCHED;

    public static final String STRUCTURED_TYPE = "application/cloudevents+json";
    public static final String BATCH_TYPE = "application/cloudevents-batch+json";

    /** The request for one event, in binary or structured mode. */
    public WebhookPayload payload(Event event) {
        String id = messageId(List.of(event));
        if (this == BINARY) {
            Map<String, String> headers = new LinkedHashMap<>(BinaryMode.headers(event));
            Optional<String> type = event.dataContentType();
            if (type.isEmpty() && StructuredEvents.embedsJsonData(event)) {
                // JSON posted in structured mode without datacontenttype: JSON by the CloudEvents
                // default, which a binary-mode body can only say through Content-Type.
                type = Optional.of("application/json");
            }
            type.ifPresent(t -> headers.put("content-type", t));
            byte[] data = event.data();
            return new WebhookPayload(id, headers, data == null ? Buffer.buffer() : Buffer.buffer(data));
        }
        if (this == STRUCTURED) {
            return new WebhookPayload(
                    id,
                    Map.of("content-type", STRUCTURED_TYPE + "; charset=utf-8"),
                    Buffer.buffer(StructuredEvents.write(event)));
        }
        return batch(List.of(event));
    }

    /** The request for several events as one {@code application/cloudevents-batch+json} array. */
    public static WebhookPayload batch(List<Event> events) {
        List<byte[]> documents = events.stream().map(StructuredEvents::write).toList();
        return batchOf(messageId(events), documents);
    }

    static WebhookPayload batchOf(String messageId, List<byte[]> documents) {
        Buffer body =
                Buffer.buffer(documents.stream().mapToInt(d -> d.length + 1).sum() + 1);
        body.appendByte((byte) '[');
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                body.appendByte((byte) ',');
            }
            body.appendBytes(documents.get(i));
        }
        body.appendByte((byte) ']');
        return new WebhookPayload(messageId, Map.of("content-type", BATCH_TYPE + "; charset=utf-8"), body);
    }

    /**
     * A message id that is the same whenever the same events are sent again: {@code msg_} and a
     * hash of their (source, id) pairs, which CloudEvents makes unique per event. The event id
     * alone is not enough: two sources may use the same ids.
     */
    static String messageId(List<Event> events) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Event event : events) {
                sha.update(String.valueOf(event.source()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(String.valueOf(event.id()).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            byte[] digest = sha.digest();
            return "msg_"
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 27);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
