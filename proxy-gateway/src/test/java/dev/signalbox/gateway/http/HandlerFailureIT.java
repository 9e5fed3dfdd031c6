package dev.signalbox.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * connection. A real server on port 0, the node's failure handler.
 */
@ExtendWith(VertxExtension.class)
class HandlerFailureIT {

    @Test
    void aHandlerThatThrowsBeforeTheRequestEndedIsA500Problem(Vertx vertx) throws Exception {
        Router router = Router.router(vertx);
        router.get("/boom").handler(ctx -> {
            throw new IllegalStateException("a bug in a handler");
        });
        router.route().failureHandler(Problems::handleFailure);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        try {
            HttpResponse<String> response = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/boom"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertEquals(500, response.statusCode());
            assertEquals(
                    Problems.MEDIA_TYPE,
                    response.headers().firstValue("content-type").orElse(""));
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
