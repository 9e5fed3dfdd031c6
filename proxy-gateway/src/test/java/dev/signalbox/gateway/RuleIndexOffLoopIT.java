package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule change does its heavy parts on a worker thread, never on an event loop: putting a pattern
 * of 4,090 values into the bus's machine costs about a tenth of a second beside many rules, and
 * building the bus's document (every rule of the bus) a fraction of a second at 10,000 rules; on the
 * event loop either would stall every request and ingest sharing it. The node runs on one event
 * loop. While rules are put and deleted, a sampler looks at every thread's stack for the method
 * under test: it must show up (so the sampler saw it at all), and only on Vert.x worker threads. No
 * timing is asserted: the changes repeat until the sampler has caught what it looks for.
 */
class RuleIndexOffLoopIT {

    private static final String MACHINE = "dev.signalbox.rules.PatternMachine";
    private static final String DOCUMENT = "dev.signalbox.gateway.bus.CatalogDocument";
    private static final String WORKER = "vert.x-worker-thread";
    private static final Duration WAIT = Duration.ofSeconds(120);

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
            String wide = rule(types(4090));

            Sampler put = new Sampler(MACHINE, "put");
            Sampler removed = new Sampler(MACHINE, "remove");
            Sampler.watching(
                    Set.of(put, removed),
                    () -> {
                        assertEquals(
                                201, api.put("/v1/buses/big/rules/wide", wide).status());
                        assertEquals(204, api.delete("/v1/buses/big/rules/wide").status());
                        return put.hasSeen() && removed.hasSeen();
                    },
                    () -> "the machine's put and remove; put on " + put + ", removed on " + removed);

            assertTrue(put.isOnlyOnWorkers(), "a rule was put into the machine on " + put);
            assertTrue(removed.isOnlyOnWorkers(), "a rule was removed from the machine on " + removed);
            assertEquals(200, api.get("/v1/buses/big/rules/small").status());
        } finally {
            vertx.close().await();
        }
    }

    /** 10,000 rules are stored with the bus directly, then loaded at start as any stored bus is. */
    @Test
    void aBusDocumentOfManyRulesIsBuiltOnAWorker(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                assertEquals(201, api.put("/v1/buses/many", "{}").status());
                assertEquals(
                        201, api.put("/v1/buses/many/rules/r", rule("\"t\"")).status());
                storeCopies(node, "many", 10_000);
            }
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                assertEquals(
                        10_001,
                        api.get("/v1/buses/many/rules").json().get("rules").size());

                Sampler built = new Sampler(DOCUMENT, "write");
                int[] puts = {0};
                Sampler.watching(
                        Set.of(built),
                        () -> {
                            String name = "/v1/buses/many/rules/extra-" + puts[0]++;
                            assertEquals(201, api.put(name, rule("\"extra\"")).status());
                            return built.hasSeen();
                        },
                        () -> "the bus's document being built; built on " + built);

                assertTrue(built.isOnlyOnWorkers(), "the bus's document was built on " + built);
                assertEquals(
                        10_001 + puts[0],
                        api.get("/v1/buses/many/rules").json().get("rules").size());
            }
        } finally {
            vertx.close().await();
        }
    }

    /** Adds copies of the bus's first stored rule to its stored document, named c0, c1, .... */
    private static void storeCopies(TestNode node, String bus, int count) throws Exception {
        ObjectMapper json = new ObjectMapper();
        var documents = node.node().store().documents();
        ObjectNode doc = (ObjectNode) json.readTree(documents.get("buses", bus).orElseThrow());
        ArrayNode rules = (ArrayNode) doc.get("rules");
        ObjectNode first = (ObjectNode) rules.get(0);
        for (int i = 0; i < count; i++) {
            rules.add(first.deepCopy().put("name", "c" + i));
        }
        documents.put("buses", bus, json.writeValueAsBytes(doc));
    }

    private static String rule(String types) {
        return "{\"pattern\": {\"type\": [" + types + "]}, \"targets\": [{\"id\": \"h\", \"type\": \"webhook\","
                + " \"url\": \"http://127.0.0.1:9/x\"}]}";
    }

    private static String types(int count) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < count; i++) {
            values.append(i == 0 ? "" : ", ").append("\"order.kind-").append(i).append('"');
        }
        return values.toString();
    }

    /** The names of the threads seen running a method. */
    private static final class Sampler {

        /**
         * A sample stops every thread at a safepoint and copies every stack; back to back they
         * would take a whole core of a 2-core machine from the node under test.
         */
        private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

        private final String className;
        private final String methodName;
        private final Set<String> threads = ConcurrentHashMap.newKeySet();

        Sampler(String className, String methodName) {
            this.className = className;
            this.methodName = methodName;
        }

        /** Samples every thread's stack for {@code samplers} until {@code step} returns true. */
        static void watching(Set<Sampler> samplers, BooleanSupplier step, Supplier<String> what)
                throws InterruptedException {
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    Thread.getAllStackTraces().forEach((thread, stack) -> samplers.forEach(s -> s.look(thread, stack)));
                    LockSupport.parkNanos(PAUSE_NANOS);
                }
            });
            sampler.start();
            try {
                Eventually.await(WAIT, step, what);
            } finally {
                sampling.set(false);
                sampler.join();
            }
        }

        private void look(Thread thread, StackTraceElement[] stack) {
            for (StackTraceElement frame : stack) {
                if (frame.getClassName().equals(className)
                        && frame.getMethodName().equals(methodName)) {
                    threads.add(thread.getName());
                    return;
                }
            }
        }

        boolean hasSeen() {
            return !threads.isEmpty();
        }

        boolean isOnlyOnWorkers() {
            return threads.stream().allMatch(name -> name.startsWith(WORKER));
        }

        @Override
        public String toString() {
            return threads.toString();
        }
    }
}
