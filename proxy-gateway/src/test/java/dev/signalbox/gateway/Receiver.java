package dev.signalbox.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real webhook receiver on a random loopback port that records every request it gets and
 * answers with the status its behaviour picks for the n-th request (0-based).
 */
final class Receiver implements AutoCloseable {

    /** One request as it arrived. */
    record Request(MultiMap headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    private Receiver(HttpServer server) {
        this.server = server;
    }

    static Receiver start(Vertx vertx, IntUnaryOperator statusForRequest) throws Exception {
        Receiver[] self = new Receiver[1];
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> self[0].handle(request, statusForRequest))
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        self[0] = new Receiver(server);
        return self[0];
    }

    static Receiver accepting(Vertx vertx) throws Exception {
        return start(vertx, n -> 200);
    }

    private void handle(HttpServerRequest request, IntUnaryOperator statusForRequest) {
        request.body().onSuccess(body -> {
            int n = count.getAndIncrement();
            int status = statusForRequest.applyAsInt(n);
            if (status >= 200 && status < 300) {
                MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
                requests.add(new Request(headers, body.getBytes()));
            }
            request.response().setStatusCode(status).end();
        });
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hook";
    }

    /** Requests answered 2xx, in arrival order. */
    List<Request> delivered() {
        return List.copyOf(requests);
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
