package dev.signalbox.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Helpers shared by the store tests: small configs, blocking appends, paths to the files. */
final class TestStores {

    private TestStores() {}

    /** 4 KiB segments so a few dozen records roll several times. */
    static StoreConfig small(Path dir) {
        return new StoreConfig(dir, 4096, 1024, 2048, Duration.ofMillis(20));
    }

    static AppendResult append(MessageStore store, String topic, byte[] body, FlushMode flush, String... keys) {
        return store.append(topic, List.of(keys), body, flush)
                .toCompletableFuture()
                .join();
    }

    /** A deterministic body of {@code size} bytes that differs for every {@code seed}. */
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

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<Path> segments(Path dataDir) {
        try (Stream<Path> files = Files.list(dataDir.resolve("commitlog"))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path lastSegment(Path dataDir) {
        List<Path> segments = segments(dataDir);
        return segments.get(segments.size() - 1);
    }

    static long segmentBase(Path segment) {
        return Long.parseLong(segment.getFileName().toString());
    }

    static Path consumeQueue(Path dataDir, String topic) {
        return dataDir.resolve("consumequeue").resolve(topic);
    }
}
