package dev.signalbox.connectors.auth;

import dev.signalbox.connectors.auth.Authorization.ApiKey;
import dev.signalbox.connectors.auth.Authorization.Basic;
import dev.signalbox.connectors.auth.Authorization.OAuth2ClientCredentials;
import dev.signalbox.connectors.webhook.AddressCheck;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link Connection} in use: applies its headers, query parameters and authorization to
 * requests, and for OAuth 2.0 holds the connection's token cache. One instance per connection
 * (version), shared by every target that uses it, so they share one token.
 *
 * <p>Threading: thread-safe.
 */
public final class ConnectionClient {

    private final Connection connection;
    private final Optional<OAuthTokens> tokens;

    /**
     * @param addresses the SSRF check applied to the OAuth token endpoint at each fetch, as to
     *     targets at each delivery
     */
    public ConnectionClient(Connection connection, HttpClient client, Duration timeout, AddressCheck addresses) {
        this.connection = connection;
        this.tokens = connection.authorization() instanceof OAuth2ClientCredentials oauth
                ? Optional.of(new OAuthTokens(oauth, client, timeout, System::nanoTime, addresses))
                : Optional.empty();
    }

    public Connection connection() {
        return connection;
    }

    /** Whether a 401 may mean an expired token, worth one retry with a fresh one. */
    public boolean refreshesTokens() {
        return tokens.isPresent();
    }

    /** {@code url} with the connection's query parameters added. */
    public URI withQuery(URI url) {
        if (connection.queryParameters().isEmpty()) {
            return url;
        }
        String added = connection.queryParameters().entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String query = url.getRawQuery() == null ? added : url.getRawQuery() + "&" + added;
        String base = url.toString();
        int cut =
                base.indexOf('?') >= 0 ? base.indexOf('?') : base.indexOf('#') >= 0 ? base.indexOf('#') : base.length();
        String fragment = url.getRawFragment() == null ? "" : "#" + url.getRawFragment();
        return URI.create(base.substring(0, cut) + "?" + query + fragment);
    }

    /**
     * Adds the connection's headers and credentials to {@code options}. Completes with the bearer
     * token used (to {@link #reject} it on a 401), or an empty string when there is none; fails
     * with a {@link TokenException} when no token can be had.
     */
    public Future<String> authorize(RequestOptions options) {
        connection.headers().forEach(options::putHeader);
        Authorization authorization = connection.authorization();
        if (authorization instanceof Basic basic) {
            String pair = basic.username() + ":" + basic.password();
            options.putHeader(
                    "authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else if (authorization instanceof ApiKey key) {
            options.putHeader(key.header(), key.value());
        } else if (tokens.isPresent()) {
            return tokens.get().token().map(token -> {
                options.putHeader("authorization", "Bearer " + token);
                return token;
            });
        }
        return Future.succeededFuture("");
    }

    /** Tells the connection a receiver refused {@code token} (HTTP 401). */
    public void reject(String token) {
        tokens.ifPresent(t -> t.reject(token));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
