package dev.signalbox.connectors.limits;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Cause;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Enforces one target's {@link TargetLimits} on the requests made to it: at most {@code
 * concurrency} in flight, at most {@code ratePerSecond} events a second, and the circuit
 * breaker. Requests that cannot start yet wait in a bounded FIFO queue; when it is full, or the
 * circuit is open, the request is answered {@link DeliveryOutcome.Verdict#RETRYABLE} at once
 * with a {@code retryAfter}, so that the router keeps the delivery durably on its retry timer
 * rather than in this node's memory.
 *
 * <p>Threading: thread-safe; state changes happen under this object's lock, and no callback runs
 * while holding it. Each request's work starts, and its future completes, on the context of the
 * caller that submitted it.
 */
public final class DeliveryGate {

    private record Waiting(
            int permits, Supplier<Future<DeliveryOutcome>> work, Promise<DeliveryOutcome> promise, Context context) {}

    private final Vertx vertx;
    private final TargetLimits limits;
    private final LongSupplier nanoClock;
    private final Optional<CircuitBreaker> breaker;
    private final TokenBucket bucket;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private int inFlight;
    private long timer = -1;

    public DeliveryGate(Vertx vertx, TargetLimits limits) {
        this(vertx, limits, System::nanoTime);
    }

    DeliveryGate(Vertx vertx, TargetLimits limits, LongSupplier nanoClock) {
        this.vertx = vertx;
        this.limits = limits;
        this.nanoClock = nanoClock;
        this.breaker = limits.breaker().map(CircuitBreaker::new);
        long now = nanoClock.getAsLong();
        this.bucket = limits.ratePerSecond().isPresent()
                ? new TokenBucket(
                        limits.ratePerSecond().getAsDouble(),
                        Math.max(1, limits.ratePerSecond().getAsDouble()),
                        now)
                : null;
    }

    public Optional<CircuitBreaker> breaker() {
        return breaker;
    }

    /** Runs {@code work} (a request carrying {@code permits} events) when the limits allow. */
    public Future<DeliveryOutcome> submit(int permits, Supplier<Future<DeliveryOutcome>> work) {
        Waiting waiting = new Waiting(permits, work, Promise.promise(), vertx.getOrCreateContext());
        List<Runnable> actions = new ArrayList<>();
        Waiting refused = null;
        synchronized (this) {
            queue.addLast(waiting);
            drain(actions);
            if (queue.size() > limits.queue()) {
                refused = queue.pollLast();
            }
        }
        if (refused != null) {
            complete(
                    refused,
                    DeliveryOutcome.retryable(
                            Cause.THROTTLED,
                            "the target's queue of " + limits.queue() + " waiting deliveries is full",
                            Optional.of(queueDrainTime())));
        }
        actions.forEach(Runnable::run);
        return waiting.promise().future();
    }

    /** Roughly how long the queue takes to empty: a hint for when to come back. */
    private Duration queueDrainTime() {
        double perSecond = limits.ratePerSecond().orElse(limits.concurrency() * 10.0);
        return Duration.ofMillis(Math.max(1000, (long) (1000 * limits.queue() / perSecond)));
    }

    /** Starts what may start now; runs under the lock, so it only collects what to do after. */
    private void drain(List<Runnable> actions) {
        long now = nanoClock.getAsLong();
        while (!queue.isEmpty() && inFlight < limits.concurrency()) {
            Waiting next = queue.peekFirst();
            Optional<Duration> closed = breaker.flatMap(b -> b.admit(now));
            if (closed.isPresent()) {
                queue.pollFirst();
                actions.add(() -> complete(
                        next,
                        DeliveryOutcome.retryable(
                                Cause.CIRCUIT_OPEN,
                                "the target's circuit breaker is open after repeated failures",
                                closed)));
                continue;
            }
            long wait = bucket == null ? 0 : bucket.take(next.permits(), now);
            if (wait > 0) {
                breaker.ifPresent(CircuitBreaker::abandoned);
                if (timer < 0) {
                    timer = vertx.setTimer(Math.max(1, (wait + 999_999) / 1_000_000), this::onTimer);
                }
                return;
            }
            queue.pollFirst();
            inFlight++;
            actions.add(() -> start(next));
        }
    }

    private void onTimer(long id) {
        List<Runnable> actions = new ArrayList<>();
        synchronized (this) {
            if (timer == id) {
                timer = -1;
            }
            drain(actions);
        }
        actions.forEach(Runnable::run);
    }

    private void start(Waiting waiting) {
        if (Vertx.currentContext() == waiting.context()) {
            run(waiting);
        } else {
            waiting.context().runOnContext(v -> run(waiting));
        }
    }

    private void run(Waiting waiting) {
        Future<DeliveryOutcome> work;
        try {
            work = waiting.work().get();
        } catch (RuntimeException e) {
            work = Future.failedFuture(e);
        }
        work.onComplete(done -> {
            DeliveryOutcome outcome = done.succeeded()
                    ? done.result()
                    : DeliveryOutcome.retryable(Cause.CONNECTION, String.valueOf(done.cause()), Optional.empty());
            List<Runnable> actions = new ArrayList<>();
            synchronized (this) {
                inFlight--;
                breaker.ifPresent(b -> record(b, outcome));
                drain(actions);
            }
            complete(waiting, outcome);
            actions.forEach(Runnable::run);
        });
    }

    private void record(CircuitBreaker breaker, DeliveryOutcome outcome) {
        switch (outcome.cause()) {
            case OK, HTTP_STATUS, GONE -> {
                if (outcome.verdict() == DeliveryOutcome.Verdict.RETRYABLE) {
                    breaker.failure(nanoClock.getAsLong());
                } else {
                    breaker.success();
                }
            }
            case TIMEOUT, CONNECTION -> breaker.failure(nanoClock.getAsLong());
            case THROTTLED, CIRCUIT_OPEN, FORBIDDEN -> breaker.abandoned();
        }
    }

    private static void complete(Waiting waiting, DeliveryOutcome outcome) {
        if (Vertx.currentContext() == waiting.context()) {
            waiting.promise().complete(outcome);
        } else {
            waiting.context().runOnContext(v -> waiting.promise().complete(outcome));
        }
    }
}
