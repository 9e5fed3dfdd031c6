package dev.signalbox.storage;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Small named documents (bus and rule definitions), each replaced atomically and durably. Blocking;
 * thread-safe.
 *
 * <p>Threading: every method does file I/O and belongs on a worker thread. Writers are serialised;
 * readers see either the old or the new whole document, never a mix. Returned arrays belong to the
 * caller. Owned by the {@link MessageStore} that returned it.
 */
public interface DocumentStore {

    /** Creates or replaces the document; durable when it returns. */
    void put(String namespace, String name, byte[] document) throws IOException;

    /** Removes the document durably; false when there was none. */
    boolean delete(String namespace, String name) throws IOException;

    /** Every document of the namespace, sorted by name; empty for an unknown namespace. */
    Map<String, byte[]> list(String namespace) throws IOException;

    /** The document, or empty when there is none. */
    Optional<byte[]> get(String namespace, String name) throws IOException;
}
