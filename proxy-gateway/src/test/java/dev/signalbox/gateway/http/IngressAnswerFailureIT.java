package dev.signalbox.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.auth.AdminKey;
import dev.signalbox.gateway.auth.ApiKeyAuth;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An answer of the lean events path ({@link EventIngress}) that throws while it is sent, after the
 * work behind it is done, is a 500 problem at once, as the router's routes answer it
 * ({@link HandlerFailureIT}): sent from a future's {@code onComplete} callback, the exception went
 * to the event loop and the client waited for its timeout (10 seconds here, far under the test's
 * own wait, so a request left open fails the test). The answer fails for a real reason: its status
 * is one HTTP has no room for, which Netty refuses. The work completes later, on a worker, as the
 * store's append does. A real server on port 0, real auth and metrics, the JDK client.
 */
@ExtendWith(VertxExtension.class)
class IngressAnswerFailureIT {

    private static final String KEY = "ingress-answer-key-0123456789";
    private static final String RECEIPT = "{\"id\":\"e-1\"}";

    @Test
    void anAnswerThatCannotBeSentIsA500ProblemAndTheNextOneGoesOut(Vertx vertx) throws Exception {
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        // What a callback throws and nothing catches lands here, not in the request.
        vertx.exceptionHandler(uncaught::add);
        EventIngress.Publisher publisher = (bus, headers, body, keyId) -> vertx.executeBlocking(
                () -> switch (bus) {
                    case "unsendable" -> new EventHandlers.Answer(-1, Buffer.buffer(RECEIPT));
                    case "missing" -> throw new SignalboxException(
                            ErrorType.BUS_NOT_FOUND, "There is no bus named 'missing'.");
                    default -> new EventHandlers.Answer(202, Buffer.buffer(RECEIPT));
                },
                false);
        EventIngress ingress = new EventIngress(
                publisher,
                new ApiKeyAuth(new AdminKey(KEY, AdminKey.Origin.ENVIRONMENT)),
                new GatewayMetrics(),
                1 << 20,
                request -> request.response().setStatusCode(404).end());
        HttpServer server = vertx.createHttpServer()
                .requestHandler(ingress)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        try {
            // One keep-alive connection: after the failed answer the next request is served on it.
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> unsendable = post(client, server, "unsendable");
            assertEquals(500, unsendable.statusCode(), unsendable.body());
            assertEquals(
                    Problems.MEDIA_TYPE,
                    unsendable.headers().firstValue("content-type").orElse(""));
            assertEquals(
                    "internal",
                    Json.MAPPER.readTree(unsendable.body()).get("code").asText());

            HttpResponse<String> accepted = post(client, server, "orders");
            assertEquals(202, accepted.statusCode(), "an answer that can be sent goes out as before");
            assertEquals(RECEIPT, accepted.body());

            HttpResponse<String> missing = post(client, server, "missing");
            assertEquals(404, missing.statusCode(), "failed work answers its own problem");
            assertEquals(
                    "bus.not-found",
                    Json.MAPPER.readTree(missing.body()).get("code").asText());

            assertTrue(uncaught.isEmpty(), "thrown to the event loop: " + uncaught);
        } finally {
            server.close().await(10, TimeUnit.SECONDS);
        }
    }

    /** A binary-mode event POST with a deadline far under the client's default wait. */
    private static HttpResponse<String> post(HttpClient client, HttpServer server, String bus) throws Exception {
        return client.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/buses/" + bus + "/events"))
                        .timeout(Duration.ofSeconds(10))
                        .header("authorization", "Bearer " + KEY)
                        .header("content-type", "application/json")
                        .header("ce-specversion", "1.0")
                        .header("ce-id", "e-1")
                        .header("ce-source", "/test")
                        .header("ce-type", "test.event")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
