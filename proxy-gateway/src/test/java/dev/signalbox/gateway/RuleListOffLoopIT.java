package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/buses/{bus}/rules} sorts and writes a large bus's rules on a worker thread, never
 * on an event loop: the answer holds every rule, and at 100,000 rules writing it on the event loop
 * stalled every request and ingest sharing it. The node runs on one event loop (on the old code the
 * sampler found the writer on vert.x-eventloop-thread-0).
 * While the list is fetched again and again, a sampler looks at every thread's stack for the rule
 * writer and the JSON serialiser: each must show up (so the sampler saw it at all), and only on
 * Vert.x worker threads. No timing is asserted. The answer is the v1 contract's, unchanged: every
 * rule, ordered by name, each exactly as {@code GET …/rules/{rule}} shows it, in one JSON object.
 */
class RuleListOffLoopIT {

    private static final int COPIES = 100_000;
    private static final String RULE = "{\"description\": \"d\", \"pattern\": {\"type\": [\"t\"]}, \"targets\":"
            + " [{\"id\": \"h\", \"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/x\"}]}";

    @Test
    void aLargeBussRuleListIsWrittenOnAWorker(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                assertEquals(201, api.put("/v1/buses/many", "{}").status());
                assertEquals(201, api.put("/v1/buses/many/rules/r", RULE).status());
                StoredRules.storeCopies(node, "many", COPIES);
            }
            try (TestNode node = TestNode.start(vertx, dir)) {
                Api api = node.api();
                String expected = expectedList(api);

                StackSampler written = new StackSampler("dev.signalbox.gateway.bus.DefinitionJson", "write");
                StackSampler serialised = new StackSampler("dev.signalbox.gateway.http.Json", "bytes");
                List<Api.Response> answers = new ArrayList<>();
                StackSampler.watching(
                        Set.of(written, serialised),
                        Duration.ofSeconds(120),
                        () -> {
                            answers.add(api.get("/v1/buses/many/rules"));
                            return written.hasSeen() && serialised.hasSeen();
                        },
                        () -> "the rule list being written; " + written + ", " + serialised);

                assertTrue(written.isOnlyOnWorkers(), "the rules were written: " + written);
                assertTrue(serialised.isOnlyOnWorkers(), "the list was serialised: " + serialised);
                for (Api.Response answer : answers) {
                    assertEquals(200, answer.status());
                    assertEquals("application/json", answer.contentType());
                    assertEquals(expected, answer.text(), "the list as the contract gives it");
                }
            }
        } finally {
            vertx.close().await();
        }
    }

    /** Bad names and unknown buses are answered as before, with no worker involved. */
    @Test
    void anUnknownBusIsStillA404Problem(@TempDir Path dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api.Response missing = node.api().get("/v1/buses/nowhere/rules");
            assertEquals(404, missing.status());
            assertEquals("bus.not-found", missing.json().get("code").asText());
            assertEquals(201, node.api().put("/v1/buses/empty", "{}").status());
            assertEquals(
                    "{\"rules\":[]}", node.api().get("/v1/buses/empty/rules").text());
        } finally {
            vertx.close().await();
        }
    }

    /**
     * The list the contract promises, built from the single rule's own answer: the copies c0 … c99999
     * and r, each as GET shows r with its own name, ordered by name, written compactly.
     */
    private static String expectedList(Api api) throws Exception {
        ObjectNode first = (ObjectNode) api.get("/v1/buses/many/rules/r").json();
        List<String> names = new ArrayList<>();
        names.add("r");
        for (int i = 0; i < COPIES; i++) {
            names.add("c" + i);
        }
        names.sort(null);
        ObjectNode list = Api.JSON.createObjectNode();
        ArrayNode rules = list.putArray("rules");
        names.forEach(name -> rules.add(first.deepCopy().put("name", name)));
        return Api.JSON.writeValueAsString(list);
    }
}
