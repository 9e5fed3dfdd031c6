package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot keep up (a write queue of one, every append fsynced) is answered with 503
 * (or 429) and Retry-After, never buffered without bound: concurrent clients that keep posting
 * while refused offer several times more bytes than the heap may grow by, the heap (sampled
 * after a GC while the load runs) stays under that bound, and every event answered 202 is
 * stored. A batch is answered 200 with a result per entry, as PutEvents is, and carries
 * Retry-After when the store was too busy for some of its entries.
 */
@ExtendWith(VertxExtension.class)
class BackPressureIT {

    private static final int PRODUCERS = 16;
    /** Each event's data: large, so the load offers many times the heap bound in little time. */
    private static final int EVENT_BYTES = 192 * 1024;
    /** What the clients offer in all, refused or not. */
    private static final long OFFERED_BYTES = 384L << 20;
    /** How far the node's heap may grow under that load: a sixth of what is offered. */
    private static final long HEAP_BOUND = 64L << 20;
    /** The heap is sampled each time this much more has been offered. */
    private static final long SAMPLE_EVERY = 32L << 20;

    @Test
    void aStoreThatCannotKeepUpIsRefusedWithRetryAfterAndTheHeapStaysBoundedUnderLoad(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.withWriteQueue(vertx, dir, 1)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/slow", "{\"flush\":\"sync\"}").status());
            long heapBefore = usedHeapAfterGc();

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicLong offered = new AtomicLong();
            AtomicLong highestGrowth = new AtomicLong();
            AtomicInteger samples = new AtomicInteger();
            List<String> unexpected = new ArrayList<>();
            byte[] data = new byte[EVENT_BYTES];
            long started = System.nanoTime();
            concurrently(producer -> {
                // Each client keeps posting whatever it is answered, until the load
                // has offered its total.
                for (int i = 0; offered.get() < OFFERED_BYTES; i++) {
                    String id = producer + "-" + i;
                    Api.Response response = api.postEvent(
                            "slow",
                            BinaryEvent.of(id, "application/octet-stream", data)
                                    .withSource("/p")
                                    .withType("t"));
                    long before = offered.getAndAdd(data.length);
                    if (response.status() == 202) {
                        acknowledged.add(id);
                    } else if ((response.status() == 503 || response.status() == 429)
                            && response.headers().firstValue("retry-after").isPresent()) {
                        refused.incrementAndGet();
                    } else {
                        synchronized (unexpected) {
                            unexpected.add(response.status() + " " + response.text());
                        }
                    }
                    // The client that crosses each step samples the heap while the
                    // others keep the load on.
                    if (before / SAMPLE_EVERY != (before + data.length) / SAMPLE_EVERY) {
                        highestGrowth.accumulateAndGet(usedHeapAfterGc() - heapBefore, Math::max);
                        samples.incrementAndGet();
                    }
                }
            });
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertTrue(unexpected.isEmpty(), "only 202, or 503/429 with Retry-After: " + unexpected);
            assertTrue(refused.get() > 0, "the store was pushed past its queue and said so");
            assertTrue(offered.get() >= OFFERED_BYTES);
            assertTrue(samples.get() >= (OFFERED_BYTES / SAMPLE_EVERY) - 1, "sampled under load: " + samples);
            assertTrue(
                    highestGrowth.get() < HEAP_BOUND,
                    "heap grew by up to " + (highestGrowth.get() >> 20) + " MiB while " + (offered.get() >> 20)
                            + " MiB were offered in " + seconds + " s (" + acknowledged.size() + " accepted, "
                            + refused + " refused)");
            String metrics = api.withKey(null).get("/metrics").text();
            assertTrue(
                    metrics.contains("signalbox_events_rejected_total{bus=\"slow\",reason=\"store.busy\"}"), metrics);
            for (String id : acknowledged) {
                Api.Response stored = api.get("/v1/buses/slow/events/" + id);
                assertEquals(200, stored.status(), "acknowledged " + id + " is stored");
            }
        }
    }

    @Test
    void aBatchWithEntriesTheStoreWasTooBusyForCarriesRetryAfter(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.withWriteQueue(vertx, dir, 1)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/slow", "{\"flush\":\"sync\"}").status());
            AtomicInteger busy = new AtomicInteger();
            AtomicInteger clean = new AtomicInteger();
            java.util.Queue<String> unexpected = new java.util.concurrent.ConcurrentLinkedQueue<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            concurrently(producer -> {
                // Posting until the store has refused a batch and accepted one whole, or
                // an answer is wrong.
                for (int i = 0;
                        (busy.get() == 0 || clean.get() == 0) && unexpected.isEmpty() && System.nanoTime() < deadline;
                        i++) {
                    Api.Response response = api.post(
                            "/v1/buses/slow/events",
                            "application/cloudevents-batch+json",
                            batch(producer + "-" + i, 10),
                            Map.of());
                    String body = response.text();
                    boolean refusedEntry = body.contains("\"errorCode\":\"store.busy\"");
                    boolean retryAfter =
                            response.headers().firstValue("retry-after").isPresent();
                    if (response.status() == 200 && refusedEntry && retryAfter) {
                        busy.incrementAndGet();
                    } else if (response.status() == 200 && body.startsWith("{\"failedEntryCount\":0,") && !retryAfter) {
                        clean.incrementAndGet();
                    } else {
                        unexpected.add(response.status() + " retry-after=" + retryAfter + " " + body);
                    }
                }
            });
            assertTrue(
                    unexpected.isEmpty(),
                    "a refused entry comes with Retry-After, a clean batch without: " + unexpected);
            assertTrue(busy.get() > 0, "the store was pushed past its queue by batches");
            assertTrue(clean.get() > 0, "and took some whole");
        }
    }

    /** Runs {@link #PRODUCERS} clients, each given its number, until every one has returned. */
    private static void concurrently(Producer producer) throws Exception {
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int number = p;
                running.add(producers.submit(() -> {
                    producer.run(number);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            producers.shutdownNow();
        }
    }

    private interface Producer {
        void run(int producer) throws Exception;
    }

    private static byte[] batch(String prefix, int entries) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < entries; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"specversion\":\"1.0\",\"id\":\"")
                    .append(prefix)
                    .append('-')
                    .append(i)
                    .append("\",\"source\":\"/p\",\"type\":\"t\",\"data\":{\"n\":")
                    .append(i)
                    .append("}}");
        }
        return json.append(']').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
