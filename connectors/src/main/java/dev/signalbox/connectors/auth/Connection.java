package dev.signalbox.connectors.auth;

import java.util.Map;
import java.util.Objects;

/**
 * A named, reusable way to call an endpoint: its authorization plus headers and query
 * parameters added to every request. Targets refer to a connection by name, so a rotated
 * credential changes in one place. Immutable.
 */
public record Connection(
        String name, Authorization authorization, Map<String, String> headers, Map<String, String> queryParameters) {

    public Connection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(authorization, "authorization");
        headers = Map.copyOf(headers);
        queryParameters = Map.copyOf(queryParameters);
    }
}
