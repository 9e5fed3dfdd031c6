package dev.signalbox.connectors.webhook;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Cause;
import dev.signalbox.connectors.auth.ConnectionClient;
import dev.signalbox.connectors.signing.WebhookSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One webhook URL and how to call it: POSTs a {@link WebhookPayload} there and says what came of
 * it. Around the exchange it applies, in order: the SSRF check at delivery time ({@link
 * AddressCheck}), the connection's query parameters, headers and credentials, and the Standard
 * Webhooks signature. The whole attempt, connection included, ends by the timeout: a receiver
 * that trickles its answer is cut off, not waited for.
 *
 * <p>With an OAuth 2.0 connection, a 401 is taken to mean the cached token was revoked or
 * expired early: the token is dropped and the request sent once more with a fresh one.
 *
 * <p>Threading: thread-safe and stateless apart from the shared {@link HttpClient}; the future
 * completes on the caller's context.
 */
public final class WebhookEndpoint {

    /** A connection that cannot be found (deleted under a target). */
    public static final class MissingConnection extends RuntimeException {
        public MissingConnection(String name) {
            super("the connection '" + name + "' does not exist", null, false, false);
        }
    }

    /** How much of a receiver's answer is read (and dropped) before the exchange is cut. */
    static final int MAX_RESPONSE_BODY_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final HttpClient client;
    private final URI url;
    private final Duration timeout;
    private final AddressCheck addresses;
    private final Supplier<Optional<ConnectionClient>> connection;
    private final Optional<WebhookSigner> signer;

    public WebhookEndpoint(
            Vertx vertx,
            HttpClient client,
            URI url,
            Duration timeout,
            AddressCheck addresses,
            Supplier<Optional<ConnectionClient>> connection,
            Optional<WebhookSigner> signer) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** A plain endpoint: no connection, no signature, no address check. */
    public static WebhookEndpoint plain(Vertx vertx, HttpClient client, URI url, Duration timeout) {
        return new WebhookEndpoint(
                vertx,
                client,
                url,
                timeout,
                AddressCheck.system(vertx, new dev.signalbox.connectors.TargetAddressPolicy(true)),
                Optional::empty,
                Optional.empty());
    }

    public URI url() {
        return url;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Sends the payload; the future always succeeds with an outcome. */
    public Future<DeliveryOutcome> post(WebhookPayload payload) {
        return attempt(payload, true);
    }

    private Future<DeliveryOutcome> attempt(WebhookPayload payload, boolean mayRefreshToken) {
        Optional<ConnectionClient> conn;
        try {
            conn = connection.get();
        } catch (MissingConnection e) {
            return Future.succeededFuture(DeliveryOutcome.rejected(Cause.FORBIDDEN, e.getMessage()));
        }
        URI target = conn.map(c -> c.withQuery(url)).orElse(url);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(target.toString())
                .setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis());
        payload.headers().forEach(options::putHeader);
        signer.ifPresent(s -> s.headers(payload.messageId(), payload.body()).forEach(options::putHeader));
        AtomicBoolean isTimedOut = new AtomicBoolean();
        String[] token = {""};
        return addresses
                .pin(url.getHost())
                .compose(pinned -> {
                    pinned.ifPresent(address ->
                            options.setServer(SocketAddress.inetSocketAddress(port(url), address.getHostAddress())));
                    return conn.map(c -> c.authorize(options)).orElse(Future.succeededFuture(""));
                })
                .compose(used -> {
                    token[0] = used;
                    return exchange(options, payload.body(), isTimedOut);
                })
                .recover(failure -> Future.succeededFuture(Outcomes.of(failure, isTimedOut.get())))
                .compose(outcome -> {
                    if (outcome.statusCode() == 401
                            && mayRefreshToken
                            && conn.isPresent()
                            && conn.get().refreshesTokens()
                            && !token[0].isEmpty()) {
                        conn.get().reject(token[0]);
                        return attempt(payload, false);
                    }
                    return Future.succeededFuture(outcome);
                });
    }

    private Future<DeliveryOutcome> exchange(RequestOptions options, Buffer body, AtomicBoolean isTimedOut) {
        return client.request(options).compose(request -> {
            long timer = vertx.setTimer(timeout.toMillis(), id -> cutOff(request, isTimedOut));
            return request.send(body).compose(WebhookEndpoint::outcome).onComplete(done -> vertx.cancelTimer(timer));
        });
    }

    /**
     * The outcome the status gives, once the response's body has been read and thrown away. The
     * body is never used, so none of it is kept (aggregated, a receiver answering with an endless
     * or huge body made the node hold up to everything it sent before the timeout, and then
     * retry and do it again); past {@link #MAX_RESPONSE_BODY_BYTES} the exchange is reset and the
     * status stands.
     */
    private static Future<DeliveryOutcome> outcome(HttpClientResponse response) {
        long[] read = {0};
        boolean[] isCut = {false};
        response.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > MAX_RESPONSE_BODY_BYTES && !isCut[0]) {
                isCut[0] = true;
                response.request().reset();
            }
        });
        return response.end()
                .transform(done -> done.succeeded() || isCut[0]
                        ? Future.succeededFuture(Outcomes.of(response))
                        : Future.failedFuture(done.cause()));
    }

    private void cutOff(HttpClientRequest request, AtomicBoolean isTimedOut) {
        isTimedOut.set(true);
        request.reset(0, new TimeoutException("no answer within " + timeout.toMillis() + " ms"));
    }

    private static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
