package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Delivery through failures: retries with backoff, and targets that do not hold each other up. */
@ExtendWith(VertxExtension.class)
class DeliveryIT {

    private static final int EVENTS = 20;

    @Test
    void aWebhookThatAnswers503ForAWhileGetsEveryEventOnceItRecovers(Vertx vertx, @TempDir Path dir) throws Exception {
        // The first 30 requests fail; with 20 events that is more than one failure per event.
        try (Receiver flaky = Receiver.start(vertx, n -> n < 30 ? 503 : 200);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            createBusWithRule(api, "flaky", flaky.url());
            Set<String> ids = postEvents(api, "flaky");

            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> deliveredIds(flaky).equals(ids),
                    () -> "all events after the 503s, got " + deliveredIds(flaky));
            assertTrue(flaky.attempts() >= 30 + EVENTS, "every 503 was retried");
        }
    }

    @Test
    void aTargetThatRefusesConnectionsDoesNotDelayAnotherTarget(Vertx vertx, @TempDir Path dir) throws Exception {
        // Retries are minutes apart here: if the healthy target waited on the dead one's retries,
        // it would not see its events within the deadline below.
        HttpServer closed = vertx.createHttpServer()
                .requestHandler(r -> {})
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        int deadPort = closed.actualPort();
        closed.close().await(10, TimeUnit.SECONDS);
        try (Receiver healthy = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir, Duration.ofSeconds(60), Duration.ofMinutes(5))) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/fanout", "{}").status());
            String rule =
                    """
                    {"pattern": {"type": ["test.event"]},
                     "targets": [{"id": "dead", "type": "webhook", "url": "http://127.0.0.1:%d/hook"},
                                 {"id": "healthy", "type": "webhook", "url": "%s"}]}"""
                            .formatted(deadPort, healthy.url());
            assertEquals(201, api.put("/v1/buses/fanout/rules/both", rule).status());
            Set<String> ids = postEvents(api, "fanout");

            Eventually.await(
                    Duration.ofSeconds(10),
                    () -> deliveredIds(healthy).equals(ids),
                    () -> "healthy target to get all " + EVENTS + " events, got " + deliveredIds(healthy));
            assertEquals(EVENTS, healthy.delivered().size());
            assertTrue(!node.isRouted("fanout"), "the dead target's deliveries are still being retried");
        }
    }

    @Test
    void aRejectingWebhookIsNotRetried(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver rejecting = Receiver.start(vertx, n -> 400);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            createBusWithRule(api, "picky", rejecting.url());
            postEvents(api, "picky");

            Eventually.await(
                    Duration.ofSeconds(10), () -> node.isRouted("picky"), () -> "router to settle every event");
            assertEquals(EVENTS, rejecting.attempts(), "one attempt per event: a 400 will not change");
        }
    }

    private static void createBusWithRule(Api api, String bus, String url) {
        assertEquals(201, api.put("/v1/buses/" + bus, "{\"flush\":\"sync\"}").status());
        String rule =
                """
                {"pattern": {"type": ["test.event"]},
                 "targets": [{"id": "hook", "type": "webhook", "url": "%s"}]}"""
                        .formatted(url);
        assertEquals(201, api.put("/v1/buses/" + bus + "/rules/all", rule).status());
    }

    private static Set<String> postEvents(Api api, String bus) {
        return IntStream.range(0, EVENTS)
                .mapToObj(i -> {
                    String id = bus + "-" + i;
                    Api.Response response = api.post(
                            "/v1/buses/" + bus + "/events",
                            "text/plain",
                            ("event " + i).getBytes(StandardCharsets.UTF_8),
                            Map.of(
                                    "ce-specversion",
                                    "1.0",
                                    "ce-id",
                                    id,
                                    "ce-source",
                                    "/test",
                                    "ce-type",
                                    "test.event"));
                    assertEquals(202, response.status(), response.text());
                    return id;
                })
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> deliveredIds(Receiver receiver) {
        return receiver.delivered().stream()
                .map(r -> BinaryMode.decode(r.header("ce-id")))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
