package dev.signalbox.schema;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where registries are kept: one document per registry, replaced whole. The registry module
 * decides the document's bytes ({@link RegistryDocument}); the composition root decides where
 * they live (the node keeps them in its store's document directory).
 *
 * <p>Threading: implementations are thread-safe. {@link #put} and {@link #delete} complete once the
 * change is durable; {@link #loadAll} blocks and is called once, at start, off any event loop.
 */
public interface RegistryRepository {

    CompletionStage<Void> put(String registry, byte[] document);

    /** Completes with false when there was no such document. */
    CompletionStage<Boolean> delete(String registry);

    /** Every stored registry document by name. */
    Map<String, byte[]> loadAll() throws IOException;
}
