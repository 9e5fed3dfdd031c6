package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --config} edit compares every declared rule with the running one on a worker thread,
 * never on an event loop: at 20,000 rules the comparison writes 40,000 rules as JSON, and at
 * 100,000 it stalled every request and ingest sharing the loop for seconds. The node runs on one
 * event loop, its bus holds 20,001 rules (stored directly, then loaded) and the file declares the
 * same 20,001. While the file is edited again and again (one rule's description), a sampler looks
 * at every thread's stack for the comparison (a rule written as JSON): it must show up, and only on
 * Vert.x worker threads (on the old code it was on vert.x-eventloop-thread-0).
 * The semantics stay: each edit is applied, and a broken edit
 * changes nothing and is reported at its line.
 */
class ConfigCompareOffLoopIT {

    private static final int COPIES = 20_000;
    /** JSON, which is YAML too: the same text is put through the API and declared in the file. */
    private static final String RULE = "{\"pattern\": {\"type\": [\"t\"]}, \"targets\": [{\"id\": \"h\","
            + " \"type\": \"webhook\", \"url\": \"http://127.0.0.1:9/x\"}]}";

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aLargeDeclaredConfigIsComparedOnAWorker(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            try (TestNode node = TestNode.start(vertx, data)) {
                Api api = node.api();
                assertEquals(201, api.put("/v1/buses/declared", "{}").status());
                assertEquals(201, api.put("/v1/buses/declared/rules/r", RULE).status());
                StoredRules.storeCopies(node, "declared", COPIES);
            }
            Path file = dir.resolve("signalbox.yaml");
            write(file, config("r", ""));
            try (TestNode node = TestNode.withConfigFile(vertx, data, file)) {
                Api api = node.api();
                assertEquals(COPIES + 1, ruleCount(api));

                // Rules are written as JSON to be compared; nothing else writes one while the file changes.
                StackSampler compared = new StackSampler("dev.signalbox.gateway.bus.DefinitionJson", "write");
                int[] edits = {0};
                StackSampler.watching(
                        Set.of(compared),
                        WAIT,
                        () -> {
                            String applied = appliedAt(api);
                            write(file, config("r", "edit-" + ++edits[0]));
                            Eventually.await(
                                    WAIT,
                                    () -> !appliedAt(api).equals(applied),
                                    () -> "edit " + edits[0] + " to be applied: "
                                            + api.get("/v1/config").text());
                            return compared.hasSeen();
                        },
                        () -> "the declared rules being compared; " + compared);

                assertTrue(compared.isOnlyOnWorkers(), "the declared rules were compared: " + compared);
                assertEquals(
                        "edit-" + edits[0],
                        api.get("/v1/buses/declared/rules/r")
                                .json()
                                .get("description")
                                .asText());
                assertEquals(COPIES + 1, ruleCount(api));
                assertTrue(
                        !api.get("/v1/config").json().has("error"),
                        api.get("/v1/config").text());

                // A broken edit: the last rule's type is not an array. Nothing changes; its line is named.
                String applied = appliedAt(api);
                write(file, config("r", "never") + "      broken: {\"pattern\": {\"type\": \"t\"}, \"targets\": []}\n");
                Eventually.await(
                        WAIT,
                        () -> api.get("/v1/config").json().has("error"),
                        () -> "the broken edit to be reported: "
                                + api.get("/v1/config").text());
                JsonNode problems = api.get("/v1/config").json().at("/error/problems");
                assertTrue(problems.size() > 0, problems.toString());
                // buses, declared, rules, r, c0 … c19999: the broken rule is on line 5 + COPIES.
                assertEquals(5 + COPIES, problems.get(0).get("line").asInt(), problems.toString());
                assertEquals(applied, appliedAt(api));
                assertEquals(
                        "edit-" + edits[0],
                        api.get("/v1/buses/declared/rules/r")
                                .json()
                                .get("description")
                                .asText());
                assertEquals(COPIES + 1, ruleCount(api));
            }
        } finally {
            vertx.close().await();
        }
    }

    /** The bus with rule {@code edited} (given {@code description}) and the copies c0 … as stored. */
    private static String config(String edited, String description) {
        StringBuilder yaml = new StringBuilder("buses:\n  declared:\n    rules:\n");
        String described = description.isEmpty()
                ? RULE
                : RULE.replace("{\"pattern\"", "{\"description\": \"" + description + "\", \"pattern\"");
        yaml.append("      ").append(edited).append(": ").append(described).append('\n');
        for (int i = 0; i < COPIES; i++) {
            yaml.append("      c").append(i).append(": ").append(RULE).append('\n');
        }
        return yaml.toString();
    }

    private static int ruleCount(Api api) {
        return api.get("/v1/buses/declared/rules").json().get("rules").size();
    }

    private static String appliedAt(Api api) {
        return api.get("/v1/config").json().path("appliedAt").asText();
    }

    /** Replaces the file the way editors do: write a sibling, then rename over it. */
    private static void write(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
