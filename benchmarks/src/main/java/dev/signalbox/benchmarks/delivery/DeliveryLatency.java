package dev.signalbox.benchmarks.delivery;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The delivery benchmark's load driver and receivers, in one process so that one clock times an
 * event from its send to its arrival at the webhook ({@code System.nanoTime}).
 *
 * <ul>
 *   <li><b>latency</b>: binary-mode events posted to a node's bus at a fixed rate (the send time
 *       of each is its scheduled time, so a stalled sender cannot hide latency), each delivered
 *       by one rule to one loopback webhook here; the receiver records arrival minus scheduled
 *       send. A warm-up; then, once every warm-up event has arrived, the measured window on a
 *       fresh schedule (a backlog the cold node built while its JIT compiled would otherwise
 *       run into the measurement; the warm-up's own figures and drain time are printed too).
 *   <li><b>anchor</b>: the same requests at the same rate posted straight to a webhook here, no
 *       node between: what loopback HTTP and this driver cost by themselves.
 *   <li><b>fan-out</b>: one event at a time to a bus whose 10 rules have 5 targets each, every
 *       target a webhook on its own port here; the time from the post to the 50th arrival.
 * </ul>
 *
 * <p>{@code java -cp benchmarks.jar dev.signalbox.benchmarks.delivery.DeliveryLatency API_BASE
 * KEY [RATE] [WARMUP_S] [MEASURE_S] [FANOUT_EVENTS]}. Prints one {@code RESULT} line per
 * measurement. Threading: the sender runs on one Vert.x event loop, receivers on others; the
 * recorded figures are in concurrent structures.
 */
public final class DeliveryLatency {

    private static final int FANOUT_TARGETS = 50;
    private static final int TARGETS_PER_RULE = 5;
    private static final byte[] BODY = "{\"order\":42,\"note\":\"delivery latency benchmark\"}".getBytes();

    private final Vertx vertx = Vertx.vertx();
    private final java.net.http.HttpClient admin = java.net.http.HttpClient.newHttpClient();
    private final String api;
    private final String key;

    private DeliveryLatency(String api, String key) {
        this.api = api;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DeliveryLatency API_BASE KEY [RATE] [WARMUP_S] [MEASURE_S] [FANOUT_EVENTS]");
            System.exit(2);
        }
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int measure = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        int fanout = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        DeliveryLatency bench = new DeliveryLatency(args[0], args[1]);
        try {
            bench.run(rate, warmup, measure, fanout);
        } finally {
            bench.vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private void run(int rate, int warmup, int measure, int fanout) throws Exception {
        List<HttpServer> servers = new ArrayList<>();
        Arrivals arrivals = new Arrivals();
        for (int i = 0; i < FANOUT_TARGETS; i++) {
            servers.add(receiver(arrivals));
        }
        String hook0 = "http://127.0.0.1:" + servers.get(0).actualPort() + "/hook";
        put("/buses/latency", "{\"flush\":\"async\"}");
        put(
                "/buses/latency/rules/one",
                "{\"pattern\":{\"type\":[\"bench.latency\"]},\"targets\":[{\"id\":\"hook\",\"type\":\"webhook\","
                        + "\"url\":\"" + hook0 + "\"}]}");
        put("/buses/fanout", "{\"flush\":\"async\"}");
        for (int r = 0; r < FANOUT_TARGETS / TARGETS_PER_RULE; r++) {
            StringBuilder targets = new StringBuilder();
            for (int t = 0; t < TARGETS_PER_RULE; t++) {
                int port = servers.get(r * TARGETS_PER_RULE + t).actualPort();
                targets.append(t == 0 ? "" : ",")
                        .append("{\"id\":\"t")
                        .append(t)
                        .append("\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:")
                        .append(port)
                        .append("/hook\"}");
            }
            put(
                    "/buses/fanout/rules/r" + r,
                    "{\"pattern\":{\"type\":[\"bench.fanout\"]},\"targets\":[" + targets + "]}");
        }

        URI node = URI.create(api);
        report(
                "latency",
                steady(arrivals, "latency", node.getPort(), "/v1/buses/latency/events", rate, warmup, measure));
        report("anchor", steady(arrivals, "anchor", servers.get(0).actualPort(), "/anchor", rate, warmup / 2, measure));
        report("fanout", fanout(arrivals, node.getPort(), fanout));
    }

    /** What the receivers saw: latency samples by run, and arrivals per fan-out event. */
    private static final class Arrivals {
        final ConcurrentHashMap<String, long[]> samples = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, CountDownLatch> fanout = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, AtomicLong> lastArrival = new ConcurrentHashMap<>();
    }

    private HttpServer receiver(Arrivals arrivals) throws Exception {
        return vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    long now = System.nanoTime();
                    String run = request.getHeader("ce-benchrun");
                    String sent = request.getHeader("ce-sentnanos");
                    String seq = request.getHeader("ce-benchseq");
                    if (run != null && sent != null && seq != null) {
                        long[] samples = arrivals.samples.get(run);
                        int i = Integer.parseInt(seq);
                        if (samples != null && i < samples.length && samples[i] == 0) {
                            samples[i] = now - Long.parseLong(sent);
                            arrivals.counts.get(run).incrementAndGet();
                        }
                    }
                    String id = request.getHeader("ce-id");
                    CountDownLatch latch = id == null ? null : arrivals.fanout.get(id);
                    if (latch != null) {
                        arrivals.lastArrival.get(id).accumulateAndGet(now, Math::max);
                        latch.countDown();
                    }
                    request.response().setStatusCode(204).end();
                }))
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    /**
     * Posts at {@code rate} events/s for the warm-up, waits until every warm-up event has arrived
     * (so that a backlog the cold node built up is not carried into the measurement), then posts
     * at the same rate for the measured seconds, on a fresh schedule. Prints the warm-up's own
     * figures and how long its backlog took to drain (a {@code <name>-warmup} RESULT line).
     * Returns the measured window's sorted latencies in nanoseconds, with -1 for each event not
     * received within 30 s of the end.
     */
    private long[] steady(Arrivals arrivals, String name, int port, String path, int rate, int warmupS, int measureS)
            throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        int warm = rate * warmupS;
        int total = warm + rate * measureS;
        arrivals.samples.put(run, new long[total]);
        arrivals.counts.put(run, new AtomicInteger());
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
        AtomicInteger failed = new AtomicInteger();
        send(client, run, port, path, rate, 0, warm, failed);
        long lastWarmSend = System.nanoTime();
        awaitArrivals(arrivals, run, warm - failed.get(), 60);
        long drainedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWarmSend);
        long[] warmed = Arrays.copyOfRange(arrivals.samples.get(run), 0, warm);
        send(client, run, port, path, rate, warm, total, failed);
        awaitArrivals(arrivals, run, total - failed.get(), 30);
        client.close().await(10, TimeUnit.SECONDS);
        long[] all = arrivals.samples.remove(run);
        System.out.printf(
                Locale.ROOT,
                "%s: %d sent, %d refused by the server; warm-up backlog drained %d ms after its last send%n",
                path,
                total,
                failed.get(),
                drainedMs);
        report(name + "-warmup", sorted(warmed));
        return sorted(Arrays.copyOfRange(all, warm, total));
    }

    /**
     * Posts events {@code from} to {@code to} (sequence numbers) at {@code rate} a second, each
     * stamped with its scheduled send time, starting 50 ms from now; returns once all are sent.
     */
    private void send(
            HttpClient client, String run, int port, String path, int rate, int from, int to, AtomicInteger failed)
            throws InterruptedException {
        AtomicInteger sent = new AtomicInteger(from);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        CountDownLatch done = new CountDownLatch(1);
        vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (sent.get() < to && start + (sent.get() - from) * interval <= now) {
                int seq = sent.getAndIncrement();
                long scheduled = start + (seq - from) * interval;
                RequestOptions options = new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setHost("127.0.0.1")
                        .setPort(port)
                        .setURI(path)
                        .addHeader("authorization", "Bearer " + key)
                        .addHeader("content-type", "application/json")
                        .addHeader("ce-specversion", "1.0")
                        .addHeader("ce-id", run + "-" + seq)
                        .addHeader("ce-source", "/bench")
                        .addHeader("ce-type", "bench.latency")
                        .addHeader("ce-benchrun", run)
                        .addHeader("ce-benchseq", Integer.toString(seq))
                        .addHeader("ce-sentnanos", Long.toString(scheduled));
                client.request(options)
                        .compose(request -> request.send(Buffer.buffer(BODY)))
                        .compose(response -> response.body().map(response.statusCode()))
                        .onComplete(answer -> {
                            if (answer.failed() || answer.result() >= 300) {
                                failed.incrementAndGet();
                            }
                        });
            }
            if (sent.get() >= to) {
                vertx.cancelTimer(timer);
                done.countDown();
            }
        }));
        done.await((to - from) / rate + 60L, TimeUnit.SECONDS);
    }

    private static void awaitArrivals(Arrivals arrivals, String run, int expected, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (arrivals.counts.get(run).get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10); // a driver polling its own counters; not a test
        }
    }

    /** The samples sorted, with -1 for each event that never arrived. */
    private static long[] sorted(long[] samples) {
        long[] copy = samples.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == 0) {
                copy[i] = -1;
            }
        }
        Arrays.sort(copy);
        return copy;
    }

    /** One event at a time to the fan-out bus; the time until all 50 targets have it. */
    private long[] fanout(Arrivals arrivals, int port, int events) throws Exception {
        int warm = Math.max(10, events / 10);
        long[] times = new long[events];
        for (int i = 0; i < warm + events; i++) {
            String id = "fan-" + System.nanoTime() + "-" + i;
            CountDownLatch latch = new CountDownLatch(FANOUT_TARGETS);
            arrivals.fanout.put(id, latch);
            arrivals.lastArrival.put(id, new AtomicLong());
            long start = System.nanoTime();
            HttpResponse<String> answer = admin.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/buses/fanout/events"))
                            .header("authorization", "Bearer " + key)
                            .header("content-type", "application/json")
                            .header("ce-specversion", "1.0")
                            .header("ce-id", id)
                            .header("ce-source", "/bench")
                            .header("ce-type", "bench.fanout")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(BODY))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("post answered " + answer.statusCode() + ": " + answer.body());
            }
            boolean all = latch.await(10, TimeUnit.SECONDS);
            if (i >= warm) {
                times[i - warm] = all ? arrivals.lastArrival.get(id).get() - start : -1;
            }
            arrivals.fanout.remove(id);
            arrivals.lastArrival.remove(id);
        }
        Arrays.sort(times);
        return times;
    }

    private static void report(String name, long[] sorted) {
        int missing = 0;
        while (missing < sorted.length && sorted[missing] < 0) {
            missing++;
        }
        long[] got = Arrays.copyOfRange(sorted, missing, sorted.length);
        System.out.printf(
                Locale.ROOT,
                "RESULT %s count=%d missing=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n",
                name,
                got.length,
                missing,
                ms(got, 0.50),
                ms(got, 0.90),
                ms(got, 0.99),
                ms(got, 0.999),
                got.length == 0 ? Double.NaN : got[got.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private void put(String path, String json) throws Exception {
        HttpResponse<String> answer = admin.send(
                HttpRequest.newBuilder(URI.create(api + path))
                        .header("authorization", "Bearer " + key)
                        .header("content-type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 && answer.statusCode() != 201) {
            throw new IllegalStateException("PUT " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }
}
