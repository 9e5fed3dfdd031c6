package dev.signalbox.connectors.webhook;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.Target;
import dev.signalbox.core.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Delivers each event to a webhook as its own CloudEvents HTTP request, in binary mode (every
 * attribute and extension as posted in a {@code ce-} header, the data bytes unchanged as the
 * body) or structured mode ({@code application/cloudevents+json}). See {@link WebhookEndpoint}
 * for what is done around the request and {@link Outcomes} for how answers are judged.
 *
 * <p>Threading: thread-safe and stateless; one instance serves many deliveries at once.
 */
public final class WebhookTarget implements Target {

    private final String id;
    private final DeliveryMode mode;
    private final WebhookEndpoint endpoint;

    public WebhookTarget(String id, DeliveryMode mode, WebhookEndpoint endpoint) {
        if (mode == DeliveryMode.BATCHED) {
            throw new IllegalArgumentException("batched delivery is a BatchingTarget's job");
        }
        this.id = Objects.requireNonNull(id, "id");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** A binary-mode target with no connection, signature or address check. */
    public WebhookTarget(String id, URI url, Duration timeout, Vertx vertx, HttpClient client) {
        this(id, DeliveryMode.BINARY, WebhookEndpoint.plain(vertx, client, url, timeout));
    }

    @Override
    public String id() {
        return id;
    }

    public URI url() {
        return endpoint.url();
    }

    public DeliveryMode mode() {
        return mode;
    }

    @Override
    public Future<DeliveryOutcome> deliver(Event event) {
        return endpoint.post(mode.payload(event));
    }
}
