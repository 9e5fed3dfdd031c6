package dev.signalbox.connectors.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Cause;
import dev.signalbox.connectors.DeliveryOutcome.Verdict;
import dev.signalbox.connectors.Hook;
import dev.signalbox.connectors.Hook.Reply;
import dev.signalbox.connectors.TestEvents;
import dev.signalbox.connectors.limits.CircuitBreaker.State;
import dev.signalbox.connectors.webhook.WebhookTarget;
import dev.signalbox.core.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class DeliveryGateTest {

    private Vertx vertx;
    private Context context;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    @Test
    void neverHasMoreRequestsInFlightThanTheConcurrencyMeasuredAtTheReceiver() {
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(200).after(30))) {
            LimitedTarget target = limited(hook, new TargetLimits(3, 100, OptionalDouble.empty(), Optional.empty()));
            List<DeliveryOutcome> outcomes = deliverAll(target, events(40));
            outcomes.forEach(o -> assertEquals(Verdict.DELIVERED, o.verdict()));
            assertEquals(40, hook.requests());
            assertEquals(3, hook.maxConcurrent(), "the receiver held at most (and, with 40 waiting, exactly) 3");
        }
    }

    @Test
    void aFullQueueAnswersRetryableWithARetryAfterAndSendsNothing() {
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(200).after(200))) {
            LimitedTarget target = limited(hook, new TargetLimits(2, 3, OptionalDouble.empty(), Optional.empty()));
            List<DeliveryOutcome> outcomes = deliverAll(target, events(8));
            long delivered =
                    outcomes.stream().filter(DeliveryOutcome::isDelivered).count();
            List<DeliveryOutcome> throttled =
                    outcomes.stream().filter(o -> o.cause() == Cause.THROTTLED).toList();
            assertEquals(5, delivered, "2 in flight and 3 queued");
            assertEquals(3, throttled.size());
            throttled.forEach(o -> {
                assertEquals(Verdict.RETRYABLE, o.verdict());
                assertTrue(o.retryAfter().orElseThrow().toMillis() >= 1000);
            });
            assertEquals(5, hook.requests());
        }
    }

    @Test
    void holdsToTheRate() {
        try (Hook hook = Hook.answering(vertx, 200)) {
            // 20 a second with a burst of 20: 50 events need at least (50 - 20) / 20 = 1.5 s.
            long start = System.nanoTime();
            LimitedTarget target = limited(hook, new TargetLimits(50, 100, OptionalDouble.of(20), Optional.empty()));
            deliverAll(target, events(50));
            List<Long> arrivals =
                    hook.seen().stream().map(Hook.Seen::atNanos).sorted().toList();
            long spanMillis = (arrivals.get(49) - start) / 1_000_000;
            assertTrue(spanMillis >= 1480, "50 events at 20/s arrived over " + spanMillis + " ms");
            // A bucket of 20 filling at 20/s has issued 20 + 20t tokens by time t, so the k-th
            // event (0-based) cannot have been sent before (k + 1 - 20) / 20 s after it was made.
            for (int k = 20; k < arrivals.size(); k++) {
                long earliest = start + (long) ((k + 1 - 20) / 20.0 * 1e9);
                assertTrue(
                        arrivals.get(k) >= earliest,
                        "event " + k + " arrived " + (earliest - arrivals.get(k)) / 1_000_000
                                + " ms before the rate allowed");
            }
        }
    }

    @Test
    void theBreakerOpensProbesAndCloses() {
        AtomicBoolean isHealthy = new AtomicBoolean(false);
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(isHealthy.get() ? 200 : 503))) {
            BreakerSettings settings = new BreakerSettings(3, 1.0, 10, Duration.ofMillis(400));
            LimitedTarget target =
                    limited(hook, new TargetLimits(1, 100, OptionalDouble.empty(), Optional.of(settings)));
            for (int i = 0; i < 3; i++) {
                assertEquals(503, deliver(target, TestEvents.minimal("f" + i)).statusCode());
            }
            CircuitBreaker breaker = target.gate().breaker().orElseThrow();
            assertEquals(State.OPEN, breaker.state());

            DeliveryOutcome refused = deliver(target, TestEvents.minimal("refused"));
            assertEquals(Verdict.RETRYABLE, refused.verdict());
            assertEquals(Cause.CIRCUIT_OPEN, refused.cause());
            Duration untilProbe = refused.retryAfter().orElseThrow();
            assertTrue(untilProbe.toMillis() > 0 && untilProbe.toMillis() <= 400, untilProbe.toString());
            assertEquals(3, hook.requests(), "an open circuit sends nothing");

            // After the open period one probe goes; it fails, so the circuit opens again.
            waitFor(untilProbe);
            assertEquals(503, deliver(target, TestEvents.minimal("probe-1")).statusCode());
            assertEquals(4, hook.requests());
            assertEquals(State.OPEN, breaker.state());

            // The receiver recovers: the next probe succeeds and closes the circuit.
            isHealthy.set(true);
            waitFor(deliver(target, TestEvents.minimal("refused-2"))
                    .retryAfter()
                    .orElseThrow());
            assertEquals(
                    Verdict.DELIVERED,
                    deliver(target, TestEvents.minimal("probe-2")).verdict());
            assertEquals(State.CLOSED, breaker.state());
            assertEquals(
                    Verdict.DELIVERED,
                    deliver(target, TestEvents.minimal("after")).verdict());
            assertEquals(6, hook.requests());
        }
    }

    private void waitFor(Duration wait) {
        Promise<Void> elapsed = Promise.promise();
        vertx.setTimer(wait.toMillis() + 20, id -> elapsed.complete());
        Hook.get(elapsed.future());
    }

    private LimitedTarget limited(Hook hook, TargetLimits limits) {
        var client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(100));
        WebhookTarget target = new WebhookTarget("t", hook.uri(), Duration.ofSeconds(10), vertx, client);
        return new LimitedTarget(target, new DeliveryGate(vertx, limits));
    }

    private static List<Event> events(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(TestEvents.minimal("e" + i));
        }
        return events;
    }

    private DeliveryOutcome deliver(LimitedTarget target, Event event) {
        return Hook.await(context, () -> target.deliver(event));
    }

    private List<DeliveryOutcome> deliverAll(LimitedTarget target, List<Event> events) {
        Promise<List<DeliveryOutcome>> all = Promise.promise();
        context.runOnContext(v -> {
            List<Future<DeliveryOutcome>> futures = new ArrayList<>();
            events.forEach(e -> futures.add(target.deliver(e)));
            Future.all(futures).map(f -> f.<DeliveryOutcome>list()).onComplete(all);
        });
        return Hook.get(all.future());
    }
}
