package dev.signalbox.benchmarks.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories for the store benchmarks, under {@code java.io.tmpdir} (or
 * {@code -Dsignalbox.bench.dir}), removed afterwards.
 *
 * <p>Threading: stateless.
 */
final class BenchDirs {

    private BenchDirs() {}

    static Path create(String prefix) throws IOException {
        String base = System.getProperty("signalbox.bench.dir", System.getProperty("java.io.tmpdir"));
        Path root = Path.of(base);
        Files.createDirectories(root);
        return Files.createTempDirectory(root, prefix);
    }

    static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 1 KiB body whose bytes differ per record, so nothing compresses or dedups. */
    static byte[] body(long seed, int size) {
        byte[] body = new byte[size];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            body[i] = (byte) x;
        }
        return body;
    }
}
