package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's put and delete change the bus's pattern machine on a worker thread, never on an event
 * loop: putting a pattern of 4,090 values costs about a tenth of a second beside many rules, which
 * on the event loop would stall every request and ingest sharing it. The node runs on one event
 * loop. While such a rule is put and deleted again and again, a sampler looks at every thread's
 * stack for the machine's {@code put} and {@code remove}: both must show up (so the sampler saw the
 * change at all), and only on worker threads. No timing is asserted: the loop runs until the
 * sampler has caught both, however slow the machine.
 */
class RuleIndexOffLoopIT {

    private static final String MACHINE_CLASS = "dev.signalbox.rules.PatternMachine";
    private static final long SAMPLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aRulesPutAndDeleteChangeTheMachineOnAWorker(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/big", "{}").status());
            assertEquals(
                    201,
                    api.put("/v1/buses/big/rules/small", rule("\"order.created\""))
                            .status());
            String big = rule(values(4090));

            Set<String> putOn = ConcurrentHashMap.newKeySet();
            Set<String> removedOn = ConcurrentHashMap.newKeySet();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    Thread.getAllStackTraces().forEach((thread, stack) -> {
                        for (StackTraceElement frame : stack) {
                            if (frame.getClassName().equals(MACHINE_CLASS)) {
                                if (frame.getMethodName().equals("put")) {
                                    putOn.add(thread.getName());
                                } else if (frame.getMethodName().equals("remove")) {
                                    removedOn.add(thread.getName());
                                }
                                return;
                            }
                        }
                    });
                    // A sample stops every thread at a safepoint; back to back they would take a
                    // whole core of a 2-core machine from the node under test.
                    LockSupport.parkNanos(SAMPLE_PAUSE_NANOS);
                }
            });
            sampler.start();
            try {
                Eventually.await(
                        Duration.ofSeconds(120),
                        () -> {
                            assertEquals(
                                    201,
                                    api.put("/v1/buses/big/rules/wide", big).status());
                            assertEquals(
                                    204, api.delete("/v1/buses/big/rules/wide").status());
                            return !putOn.isEmpty() && !removedOn.isEmpty();
                        },
                        () -> "the sampler to catch the machine's put and remove; put on " + putOn + ", removed on "
                                + removedOn);
            } finally {
                sampling.set(false);
                sampler.join();
            }
            assertFalse(
                    putOn.stream().anyMatch(name -> name.contains("eventloop")),
                    "a rule was put into the machine on an event loop: " + putOn);
            assertFalse(
                    removedOn.stream().anyMatch(name -> name.contains("eventloop")),
                    "a rule was removed from the machine on an event loop: " + removedOn);
            assertTrue(
                    putOn.stream().allMatch(name -> name.startsWith("vert.x-worker-thread"))
                            && removedOn.stream().allMatch(name -> name.startsWith("vert.x-worker-thread")),
                    "the machine changed on a thread that is no Vert.x worker: " + putOn + ", " + removedOn);
            assertEquals(200, api.get("/v1/buses/big/rules/small").status());
        } finally {
            vertx.close().await();
        }
    }

    private static String rule(String types) {
        return "{\"pattern\": {\"type\": [" + types + "]}, \"targets\": [{\"id\": \"h\", \"type\": \"webhook\","
                + " \"url\": \"http://127.0.0.1:9/x\"}]}";
    }

    private static String values(int count) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < count; i++) {
            values.append(i == 0 ? "" : ", ").append("\"order.kind-").append(i).append('"');
        }
        return values.toString();
    }
}
