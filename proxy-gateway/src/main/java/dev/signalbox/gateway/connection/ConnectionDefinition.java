package dev.signalbox.gateway.connection;

import dev.signalbox.connectors.auth.Connection;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A stored connection: what targets use, with its description and creation time. Immutable. */
public record ConnectionDefinition(Connection connection, Optional<String> description, Instant createdAt) {

    public ConnectionDefinition {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public String name() {
        return connection.name();
    }

    /** The same connection as redefined by {@code update}, keeping its creation time. */
    public ConnectionDefinition updatedWith(ConnectionDefinition update) {
        return new ConnectionDefinition(update.connection, update.description, createdAt);
    }
}
