package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node is killed with SIGKILL right after its last 202 on a {@code sync} bus and restarted on
 * the same data directory: every acknowledged event is found and delivered at least once, and
 * the bus and its rule are still there.
 */
@ExtendWith(VertxExtension.class)
class CrashRecoveryIT {

    private static final int EVENTS = 300;
    private static final int PRODUCERS = 8;

    @Test
    void acknowledgedEventsSurviveKillNine(Vertx vertx, @TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (Receiver receiver = Receiver.accepting(vertx)) {
            ChildNode first = ChildNode.start(data, tmp, "first");
            try {
                Api api = first.api();
                assertEquals(
                        201,
                        api.put("/v1/buses/durable", "{\"flush\":\"sync\"}").status());
                String rule =
                        """
                        {"pattern": {"type": ["crash.test"]},
                         "targets": [{"id": "hook", "type": "webhook", "url": "%s"}]}"""
                                .formatted(receiver.url());
                assertEquals(
                        201, api.put("/v1/buses/durable/rules/everything", rule).status());
                postConcurrently(api, acknowledged);
            } finally {
                first.kill();
            }
            assertEquals(EVENTS, acknowledged.size(), "every post was acknowledged before the kill");

            try (ChildNode second = ChildNode.start(data, tmp, "second")) {
                assertTrue(second.output().contains("after an unclean stop"), second.output());
                Api api = second.api();
                assertEquals(200, api.get("/v1/buses/durable").status(), "the bus survives");
                assertEquals(
                        "sync", api.get("/v1/buses/durable").json().get("flush").asText());
                assertEquals(200, api.get("/v1/buses/durable/rules/everything").status(), "the rule survives");
                for (String id : acknowledged) {
                    Api.Response found = api.get("/v1/buses/durable/events/" + id);
                    assertEquals(200, found.status(), "acknowledged event " + id + " is found after the crash");
                    assertEquals(id, found.json().get("id").asText());
                    assertEquals("payload of " + id, found.json().get("data").asText());
                }
                Eventually.await(
                        Duration.ofSeconds(60),
                        () -> delivered(receiver).containsAll(acknowledged),
                        () -> (EVENTS - delivered(receiver).size()) + " acknowledged events not delivered yet");
            }
        }
    }

    private static void postConcurrently(Api api, Set<String> acknowledged) throws Exception {
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                running.add(producers.submit(() -> {
                    for (int i = producer; i < EVENTS; i += PRODUCERS) {
                        String id = "crash-" + i;
                        Api.Response response = api.postEvent(
                                "durable",
                                BinaryEvent.of(
                                                id,
                                                "text/plain; charset=utf-8",
                                                ("payload of " + id).getBytes(StandardCharsets.UTF_8))
                                        .withSource("/crash")
                                        .withType("crash.test"));
                        assertEquals(202, response.status(), response.text());
                        acknowledged.add(id);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            producers.shutdownNow();
        }
    }

    private static Set<String> delivered(Receiver receiver) {
        return receiver.delivered().stream()
                .map(r -> BinaryMode.decode(r.header("ce-id")))
                .collect(Collectors.toSet());
    }
}
