package dev.signalbox.connectors.auth;

import dev.signalbox.connectors.auth.Authorization.OAuth2ClientCredentials;
import dev.signalbox.connectors.webhook.AddressCheck;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The access token of one OAuth 2.0 client-credentials connection: fetched when first needed,
 * cached until shortly before it expires (a tenth of its lifetime, at most a minute, early, so
 * that a token never expires in flight), and dropped when a receiver answers 401 to it.
 * Concurrent callers share one fetch.
 *
 * <p>Threading: thread-safe (one short synchronized section per call). A shared fetch completes
 * on the context of the caller that started it.
 */
public final class OAuthTokens {

    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private static final Duration MAX_MARGIN = Duration.ofMinutes(1);

    private final OAuth2ClientCredentials credentials;
    private final HttpClient client;
    private final Duration timeout;
    private final LongSupplier nanoClock;
    private final AddressCheck addresses;
    private String token;
    private long refreshAtNanos;
    private Future<String> fetching;

    public OAuthTokens(
            OAuth2ClientCredentials credentials,
            HttpClient client,
            Duration timeout,
            LongSupplier nanoClock,
            AddressCheck addresses) {
        this.addresses = addresses;
        this.credentials = credentials;
        this.client = client;
        this.timeout = timeout;
        this.nanoClock = nanoClock;
    }

    /** A valid token: the cached one, or one fetched now. */
    public synchronized Future<String> token() {
        if (token != null && nanoClock.getAsLong() - refreshAtNanos < 0) {
            return Future.succeededFuture(token);
        }
        if (fetching != null) {
            return fetching;
        }
        // A fetch may complete at once (a refused address), forgetting itself before this
        // returns, so the local is returned, never the field.
        Future<String> fetch = fetch();
        fetching = fetch;
        fetch.onComplete(done -> forget(fetch));
        return fetch;
    }

    /** Drops {@code rejected} if it is still the cached token, so the next call fetches anew. */
    public synchronized void reject(String rejected) {
        if (rejected.equals(token)) {
            token = null;
        }
    }

    private synchronized void forget(Future<String> fetch) {
        if (fetching == fetch) {
            fetching = null;
        }
    }

    private synchronized void keep(String fresh, Duration lifetime) {
        token = fresh;
        long margin = Math.min(lifetime.toNanos() / 10, MAX_MARGIN.toNanos());
        refreshAtNanos = nanoClock.getAsLong() + lifetime.toNanos() - margin;
    }

    private Future<String> fetch() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        credentials.scope().ifPresent(scope -> form.put("scope", scope));
        form.putAll(credentials.extraParameters());
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        // RFC 6749 2.3.1: the client id and secret are form-encoded, then sent as HTTP Basic.
        String basic = Base64.getEncoder()
                .encodeToString((encode(credentials.clientId()) + ":" + encode(credentials.clientSecret()))
                        .getBytes(StandardCharsets.UTF_8));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(credentials.tokenUrl().toString())
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis())
                .addHeader("content-type", "application/x-www-form-urlencoded")
                .addHeader("accept", "application/json")
                .addHeader("authorization", "Basic " + basic);
        URI url = credentials.tokenUrl();
        return addresses
                .pin(url.getHost())
                .compose(pinned -> {
                    pinned.ifPresent(address -> options.setServer(SocketAddress.inetSocketAddress(
                            url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80,
                            address.getHostAddress())));
                    return client.request(options);
                })
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(bytes -> read(response.statusCode(), bytes)))
                .recover(failure -> Future.failedFuture(
                        failure instanceof TokenException
                                ? failure
                                : failure instanceof AddressCheck.ForbiddenAddress
                                        ? new TokenException("token endpoint refused: " + failure.getMessage(), false)
                                        : new TokenException("token endpoint unreachable: " + failure, true)));
    }

    private String read(int status, Buffer bytes) {
        if (status != 200) {
            String detail = bytes.length() > 200 ? bytes.getString(0, 200) : bytes.toString();
            throw new TokenException(
                    "token endpoint answered HTTP " + status + ": " + detail, status == 429 || status >= 500);
        }
        JsonObject json;
        try {
            json = bytes.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            throw new TokenException("token endpoint answered something that is not a JSON object", false);
        }
        Object accessToken = json.getValue("access_token");
        if (!(accessToken instanceof String fresh) || fresh.isEmpty()) {
            throw new TokenException("token endpoint's answer has no access_token", false);
        }
        Object expiresIn = json.getValue("expires_in");
        Duration lifetime = expiresIn instanceof Number seconds && seconds.longValue() > 0
                ? Duration.ofSeconds(seconds.longValue())
                : DEFAULT_LIFETIME;
        keep(fresh, lifetime);
        return fresh;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
