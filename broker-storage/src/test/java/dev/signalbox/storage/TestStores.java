package dev.signalbox.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Helpers shared by the store tests: small configs, blocking appends, paths to the files. */
public final class TestStores {

    private TestStores() {}

    /** 4 KiB segments so a few dozen records roll several times; small queue, index and timer files. */
    static StoreConfig small(Path dir) {
        return smallBuilder(dir).build();
    }

    static StoreConfig.Builder smallBuilder(Path dir) {
        return StoreConfig.builder(dir)
                .segmentBytes(4096)
                .preTouchBytes(8192)
                .writeQueueCapacity(1024)
                .maxRecordBytes(2048)
                .asyncFlushInterval(Duration.ofMillis(20))
                .checkpointInterval(Duration.ofMillis(50))
                .queueFileEntries(64)
                .indexSlots(64)
                .indexEntries(128)
                .retentionCheckInterval(Duration.ofHours(1))
                .timerWheelSeconds(600)
                .timerLogFileEntries(256);
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

    static long segmentBase(Path segment) {
        return Long.parseLong(segment.getFileName().toString());
    }

    static Path consumeQueueDir(Path dataDir, String topic) {
        return dataDir.resolve("consumequeue").resolve(topic).resolve("0");
    }

    /** Makes a cleanly closed store look crashed and unchecked: the next open verifies the whole log. */
    static void forgetCheckpointAndCrash(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve("checkpoint"));
        if (!Files.exists(dataDir.resolve("abort"))) {
            Files.createFile(dataDir.resolve("abort"));
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; fails with {@code what} then. */
    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + ": " + what.get());
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
