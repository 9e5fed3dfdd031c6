package dev.signalbox.connectors.webhook;

import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.Objects;

/**
 * The content of one webhook POST, before authorization and signing: its headers and body, and a
 * message id that stays the same when the same events are sent again (the Standard Webhooks
 * {@code webhook-id}, which receivers use to drop duplicates). Immutable.
 */
public record WebhookPayload(String messageId, Map<String, String> headers, Buffer body) {

    public WebhookPayload {
        Objects.requireNonNull(messageId, "messageId");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }
}
