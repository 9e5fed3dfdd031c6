package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --config} watcher parses and checks a changed file off the event loop: a rule with a
 * deeply nested CESQL filter takes a long while to read, which on the event loop would stall every
 * request sharing it. The node runs on one event loop. While the watcher applies such an edit, a
 * sampler looks at every Vert.x thread's stack: the file's parse must show up on a worker thread
 * (so the sampler saw it at all) and never on the event loop. Then, with the only worker held, the
 * event loop still answers while a further edit waits, and the edit lands once the worker is free.
 */
class ConfigOffLoopIT {

    private static final String CONFIG_CLASS = "dev.signalbox.gateway.config.ConfigFile";
    private static final long SAMPLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    @Test
    void aChangedFileIsParsedOnAWorkerNeverOnTheEventLoop(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        write(file, "buses:\n  sql: {}\n");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try (TestNode node = TestNode.withConfigFile(vertx, dir.resolve("data"), file)) {
            Api api = node.api();
            assertEquals(200, api.get("/v1/buses/sql").status());

            Set<String> parsedOn = ConcurrentHashMap.newKeySet();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    Thread.getAllStackTraces().forEach((thread, stack) -> {
                        for (StackTraceElement frame : stack) {
                            if (frame.getClassName().equals(CONFIG_CLASS)) {
                                parsedOn.add(thread.getName());
                                return;
                            }
                        }
                    });
                    // Each sample stops every thread at a safepoint and copies every stack (about a
                    // millisecond here): back to back they take a whole core and stall the node
                    // under test, which hurts a 2-core CI machine. The parse lasts about a second,
                    // so a sample every few milliseconds still catches it hundreds of times.
                    LockSupport.parkNanos(SAMPLE_PAUSE_NANOS);
                }
            });
            sampler.start();
            try {
                write(file, "buses:\n  sql:\n    rules:\n" + nestedRules(4));
                Eventually.await(
                        Duration.ofSeconds(30),
                        () -> api.get("/v1/buses/sql/rules").json().get("rules").size() == 4,
                        () -> "the edit with four nested filters to be applied; "
                                + api.get("/v1/config").text());
            } finally {
                sampling.set(false);
                sampler.join();
            }
            assertTrue(
                    parsedOn.stream().anyMatch(name -> name.startsWith("vert.x-worker-thread")),
                    "the sampler never caught the parse on a worker: " + parsedOn);
            assertFalse(
                    parsedOn.stream().anyMatch(name -> name.contains("eventloop")),
                    "the file was parsed on the event loop: " + parsedOn);

            // The only worker held: a further edit cannot be read or parsed, the loop still serves.
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch held = new CountDownLatch(1);
            try {
                vertx.executeBlocking(
                        () -> {
                            held.countDown();
                            return release.await(30, TimeUnit.SECONDS);
                        },
                        false);
                assertTrue(held.await(10, TimeUnit.SECONDS), "the worker was not taken");
                write(file, "buses:\n  sql: {description: edited}\n");
                // Calls the event loop answers alone (listing a bus's rules is written on a worker).
                assertEquals(200, api.get("/v1/buses").status());
                assertEquals(
                        "", api.get("/v1/buses/sql").json().path("description").asText(), "nothing applied yet");
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, api.get("/v1/buses/sql/rules/r" + i).status(), "rule r" + i + " still there");
                }
            } finally {
                release.countDown();
            }
            Eventually.await(
                    Duration.ofSeconds(10),
                    () -> api.get("/v1/buses/sql/rules").json().get("rules").isEmpty()
                            && api.get("/v1/buses/sql")
                                    .json()
                                    .path("description")
                                    .asText()
                                    .equals("edited"),
                    () -> "the edit made while the worker was held to land once it is free");
            assertFalse(
                    api.get("/v1/config").json().has("error"),
                    api.get("/v1/config").text());
        } finally {
            vertx.close().await();
        }
    }

    /** Rules whose filters nest 250 levels deep, near the 256 accepted: slow to parse and check. */
    private static String nestedRules(int count) {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String filter = "type = 'a" + i + "'" + " OR type = 'a'".repeat(248);
            rules.append("      r")
                    .append(i)
                    .append(":\n        filter: {cesql: \"")
                    .append(filter)
                    .append("\"}\n        targets: [{id: h, type: webhook, url: \"http://127.0.0.1:9/x\"}]\n");
        }
        return rules.toString();
    }

    /** Replaces the file the way editors do: write a sibling, then rename over it. */
    private static void write(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
