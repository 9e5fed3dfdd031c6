package dev.signalbox.gateway;

import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * A real webhook receiver on a random loopback port that records every request it gets and
 * answers with the reply its behaviour picks for the n-th request (0-based): a status, headers,
 * and optionally a delay before answering (a slow receiver).
 */
final class Receiver implements AutoCloseable {

    /** One request as it arrived. */
    record Request(MultiMap headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** Every request, whatever it was answered: when it arrived (nanoTime), its ce-id, the status sent. */
    record Arrival(long nanos, String ceId, String ceSubject, int status) {}

    /** What to answer; a delay of {@link #UNTIL_RELEASED} holds the answer until {@link #release()}. */
    record Reply(int status, long delayMillis, Map<String, String> headers) {
        static final long UNTIL_RELEASED = -1;

        static Reply of(int status) {
            return new Reply(status, 0, Map.of());
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final io.vertx.core.Promise<Void> gate = io.vertx.core.Promise.promise();

    private Receiver(HttpServer server) {
        this.server = server;
    }

    static Receiver start(Vertx vertx, IntUnaryOperator statusForRequest) throws Exception {
        return replying(vertx, n -> Reply.of(statusForRequest.applyAsInt(n)));
    }

    static Receiver replying(Vertx vertx, IntFunction<Reply> replyForRequest) throws Exception {
        return replying(vertx, (n, ceId) -> replyForRequest.apply(n));
    }

    /** A receiver whose reply depends on the request's number and its (decoded) {@code ce-id}. */
    static Receiver replying(Vertx vertx, BiFunction<Integer, String, Reply> replyForRequest) throws Exception {
        Receiver[] self = new Receiver[1];
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> self[0].handle(vertx, request, replyForRequest))
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        self[0] = new Receiver(server);
        return self[0];
    }

    static Receiver accepting(Vertx vertx) throws Exception {
        return start(vertx, n -> 200);
    }

    private void handle(Vertx vertx, HttpServerRequest request, BiFunction<Integer, String, Reply> replyForRequest) {
        long arrived = System.nanoTime();
        request.body().onSuccess(body -> {
            int n = count.getAndIncrement();
            String ceId = request.getHeader("ce-id");
            Reply reply = replyForRequest.apply(n, ceId == null ? null : BinaryMode.decode(ceId));
            arrivals.add(
                    new Arrival(arrived, request.getHeader("ce-id"), request.getHeader("ce-subject"), reply.status()));
            Runnable answer = () -> {
                if (reply.status() >= 200 && reply.status() < 300) {
                    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
                    requests.add(new Request(headers, body.getBytes()));
                }
                reply.headers().forEach(request.response()::putHeader);
                request.response().setStatusCode(reply.status()).end();
            };
            if (reply.delayMillis() == Reply.UNTIL_RELEASED) {
                gate.future().onComplete(released -> answer.run());
            } else if (reply.delayMillis() > 0) {
                vertx.setTimer(reply.delayMillis(), t -> answer.run());
            } else {
                answer.run();
            }
        });
    }

    /** Answers every held request, and every later one at once. */
    void release() {
        gate.tryComplete();
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hook";
    }

    /** Requests answered 2xx, in arrival order. */
    List<Request> delivered() {
        return List.copyOf(requests);
    }

    /** Every request in arrival order, whatever it was answered. */
    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Every request received, whatever it was answered. */
    int attempts() {
        return count.get();
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
