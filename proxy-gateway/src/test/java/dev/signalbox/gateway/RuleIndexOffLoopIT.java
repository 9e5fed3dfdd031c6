package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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

            StackSampler put = new StackSampler(MACHINE, "put");
            StackSampler removed = new StackSampler(MACHINE, "remove");
            StackSampler.watching(
                    Set.of(put, removed),
                    WAIT,
                    () -> {
                        assertEquals(
                                201, api.put("/v1/buses/big/rules/wide", wide).status());
                        assertEquals(204, api.delete("/v1/buses/big/rules/wide").status());
                        return put.hasSeen() && removed.hasSeen();
                    },
                    () -> "the machine's put and remove; " + put + ", " + removed);

            assertTrue(put.isOnlyOnWorkers(), "a rule was put into the machine: " + put);
            assertTrue(removed.isOnlyOnWorkers(), "a rule was removed from the machine: " + removed);
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
                StoredRules.storeCopies(node, "many", 10_000);
            }
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                assertEquals(
                        10_001,
                        api.get("/v1/buses/many/rules").json().get("rules").size());

                StackSampler built = new StackSampler(DOCUMENT, "write");
                int[] puts = {0};
                StackSampler.watching(
                        Set.of(built),
                        WAIT,
                        () -> {
                            String name = "/v1/buses/many/rules/extra-" + puts[0]++;
                            assertEquals(201, api.put(name, rule("\"extra\"")).status());
                            return built.hasSeen();
                        },
                        () -> "the bus's document being built; " + built);

                assertTrue(built.isOnlyOnWorkers(), "the bus's document was built: " + built);
                assertEquals(
                        10_001 + puts[0],
                        api.get("/v1/buses/many/rules").json().get("rules").size());
            }
        } finally {
            vertx.close().await();
        }
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
}
