package dev.signalbox.connectors.webhook;

import dev.signalbox.connectors.auth.ConnectionClient;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The CloudEvents web hook abuse-protection handshake ("HTTP 1.1 Web Hooks for Event Delivery",
 * section 4): before events are sent to a new target, an {@code OPTIONS} request with {@code
 * WebHook-Request-Origin} asks the receiver whether it wants them. It must answer 2xx with
 * {@code WebHook-Allowed-Origin} naming this origin or {@code *}; a {@code WebHook-Allowed-Rate},
 * when given, must be {@code *} or a positive number of requests per minute.
 *
 * <p>Stateless; the future completes on the caller's context.
 */
public final class ValidationHandshake {

    public static final String REQUEST_ORIGIN = "WebHook-Request-Origin";
    public static final String REQUEST_RATE = "WebHook-Request-Rate";
    public static final String ALLOWED_ORIGIN = "WebHook-Allowed-Origin";
    public static final String ALLOWED_RATE = "WebHook-Allowed-Rate";

    /** The receiver did not agree; the message says why, for the problem shown to the user. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private ValidationHandshake() {}

    /**
     * Asks {@code url} whether it accepts events from {@code origin}; fails with {@link Refused}
     * if it does not. The connection's credentials go along, as they will with the events.
     */
    public static Future<Void> run(
            HttpClient client,
            URI url,
            String origin,
            Duration timeout,
            Optional<ConnectionClient> connection,
            Optional<Integer> requestedRatePerMinute) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.OPTIONS)
                .setAbsoluteURI(
                        connection.map(c -> c.withQuery(url)).orElse(url).toString())
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis())
                .putHeader(REQUEST_ORIGIN, origin);
        requestedRatePerMinute.ifPresent(rate -> options.putHeader(REQUEST_RATE, Integer.toString(rate)));
        return connection
                .map(c -> c.authorize(options))
                .orElse(Future.succeededFuture(""))
                .compose(token -> client.request(options))
                .compose(request -> request.send())
                .compose(response -> response.body().map(ignored -> response))
                .recover(failure -> Future.failedFuture(
                        failure instanceof Refused
                                ? failure
                                : new Refused("the validation request failed: " + failure)))
                .compose(response -> judge(response, origin));
    }

    private static Future<Void> judge(HttpClientResponse response, String origin) {
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            return refused("the receiver answered the validation request with HTTP " + response.statusCode());
        }
        String allowed = response.getHeader(ALLOWED_ORIGIN);
        if (allowed == null) {
            return refused("the receiver's answer has no " + ALLOWED_ORIGIN + " header");
        }
        if (!allowed.trim().equals("*") && !allowed.trim().equalsIgnoreCase(origin)) {
            return refused("the receiver allows origin '" + allowed + "', not '" + origin + "'");
        }
        String rate = response.getHeader(ALLOWED_RATE);
        if (rate != null && !rate.trim().equals("*") && !isPositiveInteger(rate.trim())) {
            return refused("the receiver's " + ALLOWED_RATE + " '" + rate + "' is neither * nor a positive number");
        }
        return Future.succeededFuture();
    }

    private static boolean isPositiveInteger(String text) {
        return !text.isEmpty()
                && text.length() < 10
                && text.chars().allMatch(Character::isDigit)
                && Integer.parseInt(text) > 0;
    }

    private static Future<Void> refused(String why) {
        return Future.failedFuture(new Refused(why));
    }
}
