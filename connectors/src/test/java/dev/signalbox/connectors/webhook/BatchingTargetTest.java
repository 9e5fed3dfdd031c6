package dev.signalbox.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Verdict;
import dev.signalbox.connectors.Hook;
import dev.signalbox.connectors.TestEvents;
import dev.signalbox.core.BatchEntry;
import dev.signalbox.core.Event;
import dev.signalbox.core.StructuredEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BatchingTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private Vertx vertx;
    private Context context;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    @Test
    void sendsAFullBatchAtMaxEventsAndEveryEventArrivesWhole() throws Exception {
        try (Hook hook = Hook.answering(vertx, 200)) {
            BatchingTarget target = target(hook, new BatchLimits(3, 1 << 20, Duration.ofMinutes(5)));
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                events.add(i % 2 == 0 ? TestEvents.rich("r-" + i) : TestEvents.binaryData("b-" + i));
            }
            List<DeliveryOutcome> outcomes = deliverAll(target, events);
            outcomes.forEach(o -> assertEquals(Verdict.DELIVERED, o.verdict()));
            assertEquals(2, hook.requests(), "two batches of three, no wait for the timer");
            List<Event> received = new ArrayList<>();
            for (Hook.Seen request : hook.seen()) {
                assertTrue(request.header("content-type").startsWith("application/cloudevents-batch+json"));
                // The SDK-independent streaming parser keeps each entry's data byte for byte.
                List<BatchEntry> entries = StructuredEvents.parseBatch(request.body(), 100, 1 << 20);
                assertEquals(3, entries.size());
                entries.forEach(entry -> received.add(entry.event().orElseThrow()));
            }
            assertEquals(events, received);
            assertTrue(
                    hook.seen().get(0).text().contains(new String(events.get(0).data(), "UTF-8")));
        }
    }

    @Test
    void neverLetsTheBodyPassMaxBytes() throws Exception {
        try (Hook hook = Hook.answering(vertx, 200)) {
            int one = StructuredEvents.write(TestEvents.rich("r-00")).length;
            int maxBytes = 2 * one + 3; // room for two documents, a comma and the brackets, not three
            BatchingTarget target = target(hook, new BatchLimits(100, maxBytes, Duration.ofMillis(200)));
            List<Event> events = new ArrayList<>();
            for (int i = 10; i < 15; i++) {
                events.add(TestEvents.rich("r-" + i));
            }
            deliverAll(target, events);
            List<Integer> sizes = new ArrayList<>();
            for (Hook.Seen request : hook.seen()) {
                assertTrue(request.body().length <= maxBytes, request.body().length + " > " + maxBytes);
                sizes.add(JSON.readTree(request.body()).size());
            }
            assertEquals(List.of(2, 2, 1), sizes);
        }
    }

    @Test
    void sendsWhatItHasAfterMaxWait() {
        try (Hook hook = Hook.answering(vertx, 200)) {
            BatchingTarget target = target(hook, new BatchLimits(100, 1 << 20, Duration.ofMillis(300)));
            long start = System.nanoTime();
            List<DeliveryOutcome> outcomes =
                    deliverAll(target, List.of(TestEvents.minimal("a"), TestEvents.minimal("b")));
            // At least maxWait after the first event; no upper bound is asserted, since a loaded
            // machine may be late, and a batch never sent fails the wait for its outcome instead.
            long waitedMillis = (hook.seen().get(0).atNanos() - start) / 1_000_000;
            assertEquals(1, hook.requests());
            assertEquals(2, outcomes.size());
            assertTrue(waitedMillis >= 290, "sent after " + waitedMillis + " ms");
        }
    }

    @Test
    void everyDeliveryOfABatchGetsTheBatchOutcome() {
        try (Hook hook = Hook.start(vertx, (n, r) -> Hook.Reply.status(503).with("retry-after", "3"))) {
            BatchingTarget target = target(hook, new BatchLimits(3, 1 << 20, Duration.ofMinutes(5)));
            List<DeliveryOutcome> outcomes = deliverAll(
                    target, List.of(TestEvents.minimal("a"), TestEvents.minimal("b"), TestEvents.minimal("c")));
            assertEquals(1, hook.requests());
            for (DeliveryOutcome outcome : outcomes) {
                assertEquals(Verdict.RETRYABLE, outcome.verdict());
                assertEquals(503, outcome.statusCode());
                assertEquals(Duration.ofSeconds(3), outcome.retryAfter().orElseThrow());
            }
        }
    }

    private BatchingTarget target(Hook hook, BatchLimits limits) {
        WebhookEndpoint endpoint =
                WebhookEndpoint.plain(vertx, vertx.createHttpClient(), hook.uri(), Duration.ofSeconds(5));
        return new BatchingTarget("batch", endpoint, limits, vertx, Optional.empty());
    }

    /** Hands every event to the target at once, from one context, as a router would. */
    private List<DeliveryOutcome> deliverAll(BatchingTarget target, List<Event> events) {
        Promise<List<DeliveryOutcome>> all = Promise.promise();
        context.runOnContext(v -> {
            List<Future<DeliveryOutcome>> futures = new ArrayList<>();
            events.forEach(e -> futures.add(target.deliver(e)));
            Future.all(futures).map(f -> f.<DeliveryOutcome>list()).onComplete(all);
        });
        return Hook.get(all.future());
    }
}
