package dev.signalbox.connectors.auth;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a connection proves who is calling, EventBridge API-destination style. Immutable; the
 * secrets are held in clear in memory (they are sent on every request) and encrypted only where
 * they are stored.
 */
public sealed interface Authorization {

    /** No authorization: the connection only adds headers and query parameters. */
    record None() implements Authorization {}

    /** HTTP Basic (RFC 7617). */
    record Basic(String username, String password) implements Authorization {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /** A fixed key sent in a header of the receiver's choosing. */
    record ApiKey(String header, String value) implements Authorization {
        public ApiKey {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * OAuth 2.0 client credentials (RFC 6749 4.4): a token is fetched from {@code tokenUrl} with
     * the client's id and secret (HTTP Basic, 2.3.1), cached until shortly before it expires, and
     * sent as a bearer token.
     */
    record OAuth2ClientCredentials(
            URI tokenUrl,
            String clientId,
            String clientSecret,
            Optional<String> scope,
            Map<String, String> extraParameters)
            implements Authorization {
        public OAuth2ClientCredentials {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(scope, "scope");
            extraParameters = Map.copyOf(extraParameters);
        }
    }
}
