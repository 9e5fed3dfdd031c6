package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CloudEvents SQL filter is parsed and checked off the event loop, in a rule PUT and in {@code
 * POST /v1/test-event-pattern}: a deeply nested filter takes up to a second to parse, which on the
 * event loop would stall every request sharing it. The node runs on one event loop and one worker
 * thread; the test holds that worker, so a request whose filter is read on a worker cannot be
 * answered, while a plain GET on the same event loop still is. Releasing the worker lets the
 * request finish with the same answer as ever.
 */
class FilterOffLoopIT {
    private static final String EVENT =
            "{\"specversion\": \"1.0\", \"id\": \"e1\", \"source\": \"/shop\", \"type\": \"order.created\"}";

    @Test
    void aPatternTestFilterIsReadOnAWorker(@TempDir Path dir) throws Exception {
        String body = "{\"filter\": {\"cesql\": \"type LIKE 'order.%'\"}, \"event\": " + EVENT + "}";
        Api.Response answer = whileTheWorkerIsHeld(
                dir,
                api -> api.post(
                        "/v1/test-event-pattern", "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of()));
        assertEquals(200, answer.status(), answer.text());
        assertEquals("{\"result\":true}", answer.json().toString());
    }

    @Test
    void aRuleFilterIsReadOnAWorkerAndKeepsItsPointer(@TempDir Path dir) throws Exception {
        String rule = "{\"filter\": {\"cesql\": \"type = \"}, \"targets\": [{\"id\": \"h\", \"type\": \"webhook\","
                + " \"url\": \"http://127.0.0.1:9/x\"}]}";
        Api.Response answer = whileTheWorkerIsHeld(dir, api -> api.put("/v1/buses/sql/rules/broken", rule));
        assertEquals(400, answer.status(), answer.text());
        assertEquals("pattern.invalid", answer.json().get("code").asText(), answer.text());
        assertEquals("/filter/cesql", answer.json().at("/errors/0/pointer").asText(), answer.text());
    }

    /** Sends {@code call} while the node's only worker is held, checks it waits, then releases it. */
    private static Api.Response whileTheWorkerIsHeld(Path dir, Function<Api, Api.Response> call) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        ExecutorService client = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/sql", "{}").status());
            CountDownLatch held = new CountDownLatch(1);
            vertx.executeBlocking(
                    () -> {
                        held.countDown();
                        return release.await(30, TimeUnit.SECONDS);
                    },
                    false);
            assertTrue(held.await(10, TimeUnit.SECONDS), "the worker was not taken");

            try {
                Future<Api.Response> pending = client.submit(() -> call.apply(api));
                // Two round trips through the same (only) event loop after the call was sent.
                assertEquals(200, api.get("/v1/buses").status());
                assertEquals(200, api.get("/v1/buses/sql").status());
                assertFalse(
                        pending.isDone(),
                        "answered while the only worker was held: the filter was read on the event loop");
                release.countDown();
                return pending.get(30, TimeUnit.SECONDS);
            } finally {
                // The node's own shutdown needs the worker back.
                release.countDown();
            }
        } finally {
            release.countDown();
            client.shutdownNow();
            vertx.close().await();
        }
    }
}
