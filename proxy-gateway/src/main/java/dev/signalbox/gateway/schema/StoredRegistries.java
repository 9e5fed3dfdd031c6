package dev.signalbox.gateway.schema;

import dev.signalbox.schema.RegistryRepository;
import dev.signalbox.storage.vertx.VertxMessageStore;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Registries kept in the node's document store, one document per registry in the {@code
 * registries} namespace, as the bus catalog keeps buses. Writes run on worker threads and complete
 * once durable. Thread-safe.
 */
public final class StoredRegistries implements RegistryRepository {

    static final String NAMESPACE = "registries";

    private final VertxMessageStore store;

    public StoredRegistries(VertxMessageStore store) {
        this.store = store;
    }

    @Override
    public CompletionStage<Void> put(String registry, byte[] document) {
        return store.putDocument(NAMESPACE, registry, document).toCompletionStage();
    }

    @Override
    public CompletionStage<Boolean> delete(String registry) {
        return store.deleteDocument(NAMESPACE, registry).toCompletionStage();
    }

    @Override
    public Map<String, byte[]> loadAll() throws IOException {
        return store.store().documents().list(NAMESPACE);
    }
}
