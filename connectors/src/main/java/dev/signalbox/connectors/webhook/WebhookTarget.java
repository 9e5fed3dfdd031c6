package dev.signalbox.connectors.webhook;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.Target;
import dev.signalbox.core.Event;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Delivers events to an HTTP endpoint as CloudEvents HTTP binary-mode POSTs.
 *
 * <p>Every attribute and extension of the event as it was posted goes in a {@code ce-} header,
 * the data bytes go unchanged as the body. The verdict follows what webhook senders agree on
 * (EventBridge API destinations, Knative): 2xx delivered; 408, 429, 5xx, timeouts and connection
 * failures retryable; every other status rejected, since sending the same request again would
 * meet the same answer.
 *
 * <p>Threading: thread-safe and stateless apart from the shared {@link HttpClient}, whose
 * connection pool is per host, so a slow receiver does not take connections from another.
 */
public final class WebhookTarget implements Target {

    private final String id;
    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    public WebhookTarget(String id, URI url, Duration timeout, HttpClient client) {
        this.id = Objects.requireNonNull(id, "id");
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String id() {
        return id;
    }

    public URI url() {
        return url;
    }

    @Override
    public Future<DeliveryOutcome> deliver(Event event) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url.toString())
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis());
        BinaryMode.headers(event).forEach(options::addHeader);
        event.dataContentType().ifPresent(type -> options.addHeader("content-type", type));
        Buffer body = event.data() == null ? Buffer.buffer() : Buffer.buffer(event.data());
        return client.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(ignored -> outcomeOf(response)))
                .recover(failure -> Future.succeededFuture(
                        DeliveryOutcome.retryable(0, describe(failure), java.util.Optional.empty())));
    }

    static DeliveryOutcome outcomeOf(HttpClientResponse response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return DeliveryOutcome.delivered(status);
        }
        String reason = "HTTP " + status + (response.statusMessage() == null ? "" : " " + response.statusMessage());
        if (status == 408 || status == 429 || status >= 500) {
            return DeliveryOutcome.retryable(status, reason, RetryAfter.parse(response.getHeader("retry-after")));
        }
        return DeliveryOutcome.rejected(status, reason);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
