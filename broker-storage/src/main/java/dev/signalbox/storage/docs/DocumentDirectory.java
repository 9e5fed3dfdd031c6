package dev.signalbox.storage.docs;

import dev.signalbox.storage.DocumentStore;
import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.file.AtomicFile;
import dev.signalbox.storage.file.Directories;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link DocumentStore} as files: {@code docs/<namespace>/<name>.json}, each replaced through
 * {@link AtomicFile}. The bytes are stored as given; the {@code .json} suffix is a convention of
 * the callers (bus and rule definitions), not checked here.
 *
 * <p>Threading: thread-safe. Writers (put, delete) are serialised because replacements of one name
 * share a temp file; readers are not locked and see the old or the new whole file thanks to the
 * atomic rename. Owned by the store.
 */
public final class DocumentDirectory implements DocumentStore {

    private static final String SUFFIX = ".json";

    private final Path root;
    private final Object writeLock = new Object();

    private DocumentDirectory(Path root) {
        this.root = root;
    }

    /** Opens {@code docs/} in the data directory, creating it and removing temp files a crash left. */
    public static DocumentDirectory open(Path dataDir) throws IOException {
        Path root = dataDir.resolve("docs");
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            Directories.fsync(dataDir);
        }
        try (DirectoryStream<Path> namespaces = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path namespace : namespaces) {
                AtomicFile.deleteLeftovers(namespace);
            }
        }
        return new DocumentDirectory(root);
    }

    @Override
    public void put(String namespace, String name, byte[] document) throws IOException {
        Path file = file(namespace, name);
        Objects.requireNonNull(document, "document");
        synchronized (writeLock) {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Directories.fsync(root);
            }
            AtomicFile.write(file, document);
        }
    }

    @Override
    public boolean delete(String namespace, String name) throws IOException {
        Path file = file(namespace, name);
        synchronized (writeLock) {
            return AtomicFile.delete(file);
        }
    }

    @Override
    public Map<String, byte[]> list(String namespace) throws IOException {
        Path dir = root.resolve(StoreNames.requireName("namespace", namespace));
        Map<String, byte[]> documents = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return documents;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - SUFFIX.length());
                if (StoreNames.isValidName(name)) {
                    read(file).ifPresent(bytes -> documents.put(name, bytes));
                }
            }
        }
        return documents;
    }

    @Override
    public Optional<byte[]> get(String namespace, String name) throws IOException {
        return read(file(namespace, name));
    }

    private static Optional<byte[]> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            // deleted between listing and reading, or never there
            return Optional.empty();
        }
    }

    private Path file(String namespace, String name) {
        return root.resolve(StoreNames.requireName("namespace", namespace))
                .resolve(StoreNames.requireName("document", name) + SUFFIX);
    }
}
