package dev.signalbox.connectors;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A real HTTP receiver on a random loopback port for connector tests: records every request
 * (method, URI, headers, body, arrival time), answers what its behaviour picks for the n-th
 * request (0-based), optionally after a delay, and measures how many requests it held at once.
 */
public final class Hook implements AutoCloseable {

    /** One request as it arrived. */
    public record Seen(HttpMethod method, String uri, MultiMap headers, byte[] body, long atNanos) {
        public String header(String name) {
            return headers.get(name);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** What to answer. */
    public record Reply(int status, Map<String, String> headers, long delayMillis) {
        public static Reply status(int status) {
            return new Reply(status, Map.of(), 0);
        }

        public Reply after(long millis) {
            return new Reply(status, headers, millis);
        }

        public Reply with(String header, String value) {
            java.util.HashMap<String, String> more = new java.util.HashMap<>(headers);
            more.put(header, value);
            return new Reply(status, Map.copyOf(more), delayMillis);
        }
    }

    private final Vertx vertx;
    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger maxHolding = new AtomicInteger();
    private volatile BiFunction<Integer, Seen, Reply> behaviour;
    private HttpServer server;

    private Hook(Vertx vertx, BiFunction<Integer, Seen, Reply> behaviour) {
        this.vertx = vertx;
        this.behaviour = behaviour;
    }

    public static Hook start(Vertx vertx, BiFunction<Integer, Seen, Reply> behaviour) {
        Hook hook = new Hook(vertx, behaviour);
        hook.server = get(vertx.createHttpServer().requestHandler(hook::handle).listen(0, "127.0.0.1"));
        return hook;
    }

    public static Hook answering(Vertx vertx, int status) {
        return start(vertx, (n, r) -> Reply.status(status));
    }

    public void behave(BiFunction<Integer, Seen, Reply> next) {
        behaviour = next;
    }

    private void handle(HttpServerRequest request) {
        int now = holding.incrementAndGet();
        maxHolding.accumulateAndGet(now, Math::max);
        request.body().onSuccess(body -> {
            Seen s = new Seen(
                    request.method(),
                    request.uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.getBytes(),
                    System.nanoTime());
            seen.add(s);
            Reply reply = behaviour.apply(count.getAndIncrement(), s);
            Runnable answer = () -> {
                holding.decrementAndGet();
                reply.headers().forEach(request.response()::putHeader);
                request.response().setStatusCode(reply.status()).end();
            };
            if (reply.delayMillis() > 0) {
                vertx.setTimer(reply.delayMillis(), id -> answer.run());
            } else {
                answer.run();
            }
        });
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    public java.net.URI uri() {
        return java.net.URI.create(url());
    }

    public int port() {
        return server.actualPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public int requests() {
        return count.get();
    }

    public int maxConcurrent() {
        return maxHolding.get();
    }

    @Override
    public void close() {
        get(server.close());
    }

    /** Runs {@code call} on {@code context} and waits for its result, as a router would call a target. */
    public static <T> T await(Context context, Supplier<Future<T>> call) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> call.get().onComplete(promise));
        return get(promise.future());
    }

    /** Waits for a future from a test thread, failing the test on a timeout. */
    public static <T> T get(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
