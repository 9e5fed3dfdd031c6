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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot keep up (a write queue of one, every append fsynced) is answered with 503
 * and Retry-After, never buffered without bound: the node's heap stays where it was, and every
 * event it did acknowledge is stored.
 */
@ExtendWith(VertxExtension.class)
class BackPressureIT {

    private static final int PRODUCERS = 64;
    private static final int EVENTS_EACH = 80;

    @Test
    void aStoreThatCannotKeepUpIsAnswered503WithRetryAfterAndTheHeapStaysBounded(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.withWriteQueue(vertx, dir, 1)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/slow", "{\"flush\":\"sync\"}").status());
            long heapBefore = usedHeapAfterGc();

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger busy = new AtomicInteger();
            List<String> unexpected = new ArrayList<>();
            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int producer = p;
                    running.add(producers.submit(() -> {
                        for (int i = 0; i < EVENTS_EACH; i++) {
                            String id = producer + "-" + i;
                            Api.Response response = api.post(
                                    "/v1/buses/slow/events",
                                    "application/octet-stream",
                                    new byte[1024],
                                    Map.of("ce-specversion", "1.0", "ce-id", id, "ce-source", "/p", "ce-type", "t"));
                            if (response.status() == 202) {
                                acknowledged.add(id);
                            } else if (response.status() == 503
                                    && response.json().get("code").asText().equals("store.busy")
                                    && response.headers()
                                            .firstValue("retry-after")
                                            .isPresent()) {
                                busy.incrementAndGet();
                            } else {
                                synchronized (unexpected) {
                                    unexpected.add(response.status() + " " + response.text());
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                producers.shutdownNow();
            }

            assertTrue(unexpected.isEmpty(), "only 202 or 503 store.busy with Retry-After: " + unexpected);
            assertTrue(busy.get() > 0, "the store was pushed past its queue and said so");
            assertEquals(PRODUCERS * EVENTS_EACH, acknowledged.size() + busy.get());
            long heapGrowth = usedHeapAfterGc() - heapBefore;
            assertTrue(heapGrowth < 64L << 20, "heap grew by " + (heapGrowth >> 20) + " MiB");
            String metrics = api.withKey(null).get("/metrics").text();
            assertTrue(
                    metrics.contains("signalbox_events_rejected_total{bus=\"slow\",reason=\"store.busy\"}"), metrics);
            for (String id : acknowledged) {
                assertEquals(200, api.get("/v1/buses/slow/events/" + id).status(), "acknowledged " + id + " is stored");
            }
        }
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
