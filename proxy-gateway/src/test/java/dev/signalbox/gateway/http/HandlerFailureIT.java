package dev.signalbox.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A handler that throws on a route without a body handler (as the console's and the metrics'
 * are) runs before its request has ended; the failure is still the node's bug, answered 500
 * problem+json, not taken for a client that broke its body and answered by closing the
 * connection. An answer that throws while it is built after asynchronous work ({@link Replies})
 * is answered the same way. A real server on port 0, the node's failure handler.
 */
@ExtendWith(VertxExtension.class)
class HandlerFailureIT {

    @Test
    void aHandlerThatThrowsBeforeTheRequestEndedIsA500Problem(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        router.get("/boom").handler(ctx -> {
            throw new IllegalStateException("a bug in a handler");
        });
        HttpServer server = serve(vertx, router);
        try {
            HttpResponse<String> response = get(
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), server, "/boom");

            assertEquals(500, response.statusCode());
            assertEquals(
                    Problems.MEDIA_TYPE,
                    response.headers().firstValue("content-type").orElse(""));
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * An answer that cannot be written once the work behind it is done (here a JSON tree nesting
     * past the 1,000 levels Jackson writes) is a 500 problem at once: building it in a future's
     * success callback had the exception go to the event loop and the client wait for its timeout.
     * The work completes later, on a worker, as a store or registry call does.
     */
    @Test
    void anAnswerThatCannotBeBuiltAfterTheWorkIsDoneIsA500Problem(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        router.get("/unwritable")
                .handler(ctx -> Replies.after(
                        ctx,
                        ctx.vertx().executeBlocking(() -> nested(1001), false),
                        answer -> Json.send(ctx, 200, answer)));
        router.get("/writable")
                .handler(ctx -> Replies.after(
                        ctx,
                        ctx.vertx().executeBlocking(() -> nested(999), false),
                        answer -> Json.send(ctx, 200, answer)));
        router.get("/failed")
                .handler(ctx -> Replies.after(
                        ctx,
                        ctx.vertx().executeBlocking(() -> {
                            throw new SignalboxException(ErrorType.BUS_NOT_FOUND, "There is no bus named 'b'.");
                        }),
                        answer -> Json.send(ctx, 200, JsonNodeFactory.instance.objectNode())));
        HttpServer server = serve(vertx, router);
        try {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> unwritable = get(client, server, "/unwritable");
            assertEquals(500, unwritable.statusCode(), unwritable.body());
            assertEquals(
                    Problems.MEDIA_TYPE,
                    unwritable.headers().firstValue("content-type").orElse(""));
            assertEquals(
                    "internal",
                    Json.MAPPER.readTree(unwritable.body()).get("code").asText());

            HttpResponse<String> writable = get(client, server, "/writable");
            assertEquals(200, writable.statusCode(), "an answer that can be written is sent as before");
            assertEquals(
                    "application/json",
                    writable.headers().firstValue("content-type").orElse(""));

            HttpResponse<String> failed = get(client, server, "/failed");
            assertEquals(404, failed.statusCode(), "failed work answers its own problem");
            assertEquals(
                    "bus.not-found",
                    Json.MAPPER.readTree(failed.body()).get("code").asText());
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The router, with the node's failure handler, served on a free port. */
    private static HttpServer serve(Vertx vertx, Router router) throws Exception {
        router.route().failureHandler(Problems::handleFailure);
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** Objects nested {@code levels} deep. */
    private static ObjectNode nested(int levels) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode at = root;
        for (int i = 1; i < levels; i++) {
            at = at.putObject("c");
        }
        return root;
    }

    /** A GET with a deadline far under the client's default wait: an unanswered request fails it. */
    private static HttpResponse<String> get(HttpClient client, HttpServer server, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
