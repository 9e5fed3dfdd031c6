package dev.signalbox.storage.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a whole small file atomically and durably: write a temp file beside it, fsync it, rename
 * it over the target with an atomic move, fsync the directory. A crash at any point leaves either
 * the old or the new content, never a mix; a leftover temp file is harmless and removed by
 * {@link #deleteLeftovers}.
 *
 * <p>Threading: stateless. Concurrent replacements of the same file must be serialised by the
 * caller, since they share the temp file name.
 */
public final class AtomicFile {

    /** Suffix of temp files; callers must never give a real file this suffix. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFile() {}

    /** Atomically replaces {@code target} with {@code content}; durable when it returns. */
    public static void write(Path target, byte[] content) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Directories.fsync(target.getParent());
    }

    /** Durably deletes {@code target}; false when it did not exist. */
    public static boolean delete(Path target) throws IOException {
        boolean existed = Files.deleteIfExists(target);
        if (existed) {
            Directories.fsync(target.getParent());
        }
        return existed;
    }

    /** Removes temp files a crash left in {@code dir}. */
    public static void deleteLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
            for (Path temp : stream) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
