package dev.signalbox.gateway.connection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.connectors.auth.Connection;
import dev.signalbox.connectors.auth.ConnectionClient;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.auth.SecretBox;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusCatalog.Put;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The connections of this node: in memory for deliveries, and on disk as one document each with
 * its secrets sealed by the node's {@link SecretBox}. Each connection has one live {@link
 * ConnectionClient} (and so one OAuth token cache) shared by every target using it; redefining
 * a connection replaces its client, so targets pick up rotated credentials at their next
 * delivery.
 *
 * <p>Threading: reads are lock-free from any thread; changes are serialised through one chain of
 * futures and are durable before they become visible.
 */
public final class ConnectionCatalog {

    static final String NAMESPACE = "connections";

    private record Entry(ConnectionDefinition definition, ConnectionClient client) {}

    private final ObjectMapper mapper;
    private final VertxMessageStore store;
    private final SecretBox box;
    private final Function<Connection, ConnectionClient> clients;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private Future<?> tail = Future.succeededFuture();

    public ConnectionCatalog(
            ObjectMapper mapper,
            VertxMessageStore store,
            SecretBox box,
            Function<Connection, ConnectionClient> clients) {
        this.mapper = mapper;
        this.store = store;
        this.box = box;
        this.clients = clients;
    }

    /** Reads every stored connection. Blocking: call once at start, off the event loop. */
    public void load() throws IOException {
        for (Map.Entry<String, byte[]> doc :
                store.store().documents().list(NAMESPACE).entrySet()) {
            ConnectionDefinition definition = ConnectionJson.readStored(mapper.readTree(doc.getValue()), box);
            entries.put(definition.name(), new Entry(definition, clients.apply(definition.connection())));
        }
    }

    public Optional<ConnectionDefinition> get(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::definition);
    }

    public ConnectionDefinition require(String name) {
        return get(name).orElseThrow(() -> notFound(name));
    }

    public Collection<ConnectionDefinition> list() {
        TreeMap<String, ConnectionDefinition> sorted = new TreeMap<>();
        entries.forEach((name, entry) -> sorted.put(name, entry.definition()));
        return sorted.values();
    }

    /** The live client of a connection, for a delivery; empty when there is no such connection. */
    public Optional<ConnectionClient> client(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::client);
    }

    public Future<Put<ConnectionDefinition>> put(ConnectionDefinition input) {
        return serialised(() -> {
            Entry existing = entries.get(input.name());
            ConnectionDefinition definition =
                    existing == null ? input : existing.definition().updatedWith(input);
            return persist(definition).map(v -> {
                entries.put(definition.name(), new Entry(definition, clients.apply(definition.connection())));
                return new Put<>(definition, existing == null);
            });
        });
    }

    /** Deletes the connection unless {@code isInUse} says a target still refers to it. */
    public Future<Boolean> delete(String name, Predicate<String> isInUse) {
        return serialised(() -> {
            if (!entries.containsKey(name)) {
                return Future.succeededFuture(false);
            }
            if (isInUse.test(name)) {
                return Future.failedFuture(new SignalboxException(
                        ErrorType.CONNECTION_IN_USE,
                        "The connection '" + name + "' is used by a rule's target; change or delete those first."));
            }
            return store.deleteDocument(NAMESPACE, name).map(v -> {
                entries.remove(name);
                return true;
            });
        });
    }

    private Future<Void> persist(ConnectionDefinition definition) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(ConnectionJson.writeStored(definition, box));
            return store.putDocument(NAMESPACE, definition.name(), bytes);
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
    }

    /** Whether a target of any rule of {@code buses} refers to the connection. */
    public static boolean isInUse(BusCatalog buses, String connection) {
        return buses.buses().stream()
                .flatMap(bus -> bus.rules().values().stream())
                .flatMap(rule -> rule.definition().targets().stream())
                .anyMatch(target -> target.delivery()
                        .connection()
                        .filter(connection::equals)
                        .isPresent());
    }

    static SignalboxException notFound(String name) {
        return new SignalboxException(ErrorType.CONNECTION_NOT_FOUND, "There is no connection named '" + name + "'.");
    }

    private synchronized <T> Future<T> serialised(Supplier<Future<T>> change) {
        Future<T> next = tail.transform(ignored -> {
            try {
                return change.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        });
        tail = next;
        return next;
    }
}
