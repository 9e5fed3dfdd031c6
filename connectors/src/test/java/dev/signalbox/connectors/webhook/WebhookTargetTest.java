package dev.signalbox.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.DeliveryOutcome.Verdict;
import dev.signalbox.core.Event;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class WebhookTargetTest {

    private HttpClient client;

    @BeforeEach
    void client(Vertx vertx) {
        client = vertx.createHttpClient();
    }

    @Test
    void postsEveryAttributeAsBinaryMode(Vertx vertx, VertxTestContext test) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "évt-1");
        attributes.put("source", "/orders/köln");
        attributes.put("type", "order.created");
        attributes.put("datacontenttype", "application/json; charset=utf-8");
        attributes.put("traceparent", "00-abc-def-01");
        attributes.put("priority", 7);
        attributes.put("urgent", true);
        byte[] data = "{ \"total\" : 12.50, \"note\": \"Grüße\" }".getBytes(StandardCharsets.UTF_8);
        Event event = new Event(attributes, data);
        AtomicReference<HttpServerRequest> seen = new AtomicReference<>();
        AtomicReference<byte[]> body = new AtomicReference<>();

        server(vertx, request -> request.body().onSuccess(b -> {
                    seen.set(request);
                    body.set(b.getBytes());
                    request.response().setStatusCode(202).end();
                }))
                .compose(port -> target(port, Duration.ofSeconds(5)).deliver(event))
                .onComplete(test.succeeding(outcome -> test.verify(() -> {
                    assertEquals(Verdict.DELIVERED, outcome.verdict());
                    assertEquals(202, outcome.statusCode());
                    HttpServerRequest request = seen.get();
                    assertEquals("1.0", request.getHeader("ce-specversion"));
                    assertEquals("évt-1", BinaryMode.decode(request.getHeader("ce-id")));
                    assertEquals("/orders/köln", BinaryMode.decode(request.getHeader("ce-source")));
                    assertEquals("order.created", request.getHeader("ce-type"));
                    assertEquals("00-abc-def-01", request.getHeader("ce-traceparent"));
                    assertEquals("7", request.getHeader("ce-priority"));
                    assertEquals("true", request.getHeader("ce-urgent"));
                    assertEquals("application/json; charset=utf-8", request.getHeader("content-type"));
                    assertFalse(request.headers().contains("ce-datacontenttype"));
                    assertArrayEquals(data, body.get());
                    test.completeNow();
                })));
    }

    @Test
    void serverErrorsAreRetryableAndCarryRetryAfter(Vertx vertx, VertxTestContext test) {
        server(vertx, request -> request.response()
                        .setStatusCode(503)
                        .putHeader("retry-after", "7")
                        .end())
                .compose(port -> target(port, Duration.ofSeconds(5)).deliver(minimalEvent()))
                .onComplete(test.succeeding(outcome -> test.verify(() -> {
                    assertEquals(Verdict.RETRYABLE, outcome.verdict());
                    assertEquals(503, outcome.statusCode());
                    assertEquals(Duration.ofSeconds(7), outcome.retryAfter().orElseThrow());
                    test.completeNow();
                })));
    }

    @Test
    void clientErrorsAreRejected(Vertx vertx, VertxTestContext test) {
        server(vertx, request -> request.response().setStatusCode(410).end())
                .compose(port -> target(port, Duration.ofSeconds(5)).deliver(minimalEvent()))
                .onComplete(test.succeeding(outcome -> test.verify(() -> {
                    assertEquals(Verdict.REJECTED, outcome.verdict());
                    assertEquals(410, outcome.statusCode());
                    test.completeNow();
                })));
    }

    @Test
    void tooManyRequestsIsRetryable(Vertx vertx, VertxTestContext test) {
        server(vertx, request -> request.response().setStatusCode(429).end())
                .compose(port -> target(port, Duration.ofSeconds(5)).deliver(minimalEvent()))
                .onComplete(test.succeeding(outcome -> test.verify(() -> {
                    assertEquals(Verdict.RETRYABLE, outcome.verdict());
                    assertTrue(outcome.retryAfter().isEmpty());
                    test.completeNow();
                })));
    }

    @Test
    void aReceiverSlowerThanTheTimeoutIsRetryable(Vertx vertx, VertxTestContext test) {
        // The receiver never answers; the attempt must end by the target's timeout.
        server(vertx, request -> {})
                .compose(port -> target(port, Duration.ofMillis(300)).deliver(minimalEvent()))
                .onComplete(test.succeeding(outcome -> test.verify(() -> {
                    assertEquals(Verdict.RETRYABLE, outcome.verdict());
                    assertEquals(0, outcome.statusCode());
                    assertTrue(outcome.error().toLowerCase().contains("timeout"), outcome.error());
                    test.completeNow();
                })));
    }

    @Test
    void aRefusedConnectionIsRetryable(Vertx vertx, VertxTestContext test) {
        server(vertx, request -> {})
                .compose(port -> closeServers(vertx).map(port))
                .compose(port -> target(port, Duration.ofSeconds(5)).deliver(minimalEvent()))
                .onComplete(test.succeeding(outcome -> test.verify(() -> {
                    assertEquals(Verdict.RETRYABLE, outcome.verdict());
                    assertFalse(outcome.error().isEmpty());
                    test.completeNow();
                })));
    }

    private HttpServer lastServer;

    private Future<Integer> server(Vertx vertx, Consumer<HttpServerRequest> handler) {
        return vertx.createHttpServer()
                .requestHandler(handler::accept)
                .listen(0, "127.0.0.1")
                .map(server -> {
                    lastServer = server;
                    return server.actualPort();
                });
    }

    private Future<Void> closeServers(Vertx vertx) {
        return lastServer.close();
    }

    private WebhookTarget target(int port, Duration timeout) {
        return new WebhookTarget("t1", URI.create("http://127.0.0.1:" + port + "/hook"), timeout, client);
    }

    private static Event minimalEvent() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "1");
        attributes.put("source", "/test");
        attributes.put("type", "t");
        return new Event(attributes, null);
    }
}
