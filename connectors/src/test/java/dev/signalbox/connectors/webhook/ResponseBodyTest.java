package dev.signalbox.connectors.webhook;

import static dev.signalbox.connectors.Hook.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Verdict;
import dev.signalbox.connectors.TestEvents;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A receiver's answer body is never used, so none of it is kept: a receiver that answers 200 and
 * then streams without end used to be read (and held in memory) until the delivery timeout, the
 * delivery then counted as timed out and retried, to do it all again. Now the status stands and
 * the exchange is cut once the body passes a small bound.
 */
@ExtendWith(VertxExtension.class)
class ResponseBodyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void anEndlessAnswerIsCutAndItsStatusStands(Vertx vertx) throws Exception {
        AtomicLong sent = new AtomicLong();
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        HttpServer receiver = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    HttpServerResponse response =
                            request.response().setChunked(true).setStatusCode(200);
                    vertx.setPeriodic(1, id -> {
                        if (response.closed()) {
                            vertx.cancelTimer(id);
                        } else if (!response.writeQueueFull()) {
                            response.write(chunk);
                            sent.addAndGet(chunk.length());
                        }
                    });
                }))
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        try {
            HttpClient client = vertx.createHttpClient();
            Context context = vertx.getOrCreateContext();
            URI url = URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hook");
            WebhookTarget target =
                    new WebhookTarget("t1", DeliveryMode.BINARY, WebhookEndpoint.plain(vertx, client, url, TIMEOUT));

            long start = System.nanoTime();
            DeliveryOutcome outcome = await(context, () -> target.deliver(TestEvents.minimal("1")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(Verdict.DELIVERED, outcome.verdict(), outcome.toString());
            assertEquals(200, outcome.statusCode());
            assertTrue(took.compareTo(TIMEOUT.dividedBy(2)) < 0, "cut, not waited out: " + took);
            assertTrue(
                    sent.get() < 64L * 1024 * 1024, "the receiver got to send " + sent.get() + " bytes before the cut");
        } finally {
            receiver.close().await(10, TimeUnit.SECONDS);
        }
    }
}
