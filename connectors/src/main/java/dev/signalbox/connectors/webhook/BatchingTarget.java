package dev.signalbox.connectors.webhook;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Cause;
import dev.signalbox.connectors.Target;
import dev.signalbox.connectors.limits.DeliveryGate;
import dev.signalbox.core.Event;
import dev.signalbox.core.StructuredEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Collects deliveries and sends them as one {@code application/cloudevents-batch+json} request
 * (see {@link BatchLimits} for when). Every delivery in a batch completes with the batch's
 * outcome: the receiver took them all or none, which is what the batch format lets it say.
 *
 * <p>With a {@link DeliveryGate}, the target's limits apply per request, and its rate counts
 * the events in each request.
 *
 * <p>Threading: thread-safe (the open batch is guarded by this object's lock; no callback runs
 * under it). Each delivery's future completes on the context that made it. A batch still open
 * when the node stops is never sent; its deliveries stay unfinished, and the router, which has
 * not committed past them, delivers them again after the restart.
 */
public final class BatchingTarget implements Target {

    private record Pending(Event event, byte[] document, Promise<DeliveryOutcome> promise, Context context) {}

    private final String id;
    private final WebhookEndpoint endpoint;
    private final BatchLimits limits;
    private final Vertx vertx;
    private final Optional<DeliveryGate> gate;
    private List<Pending> open = new ArrayList<>();
    private int openBytes;
    private long timer = -1;

    public BatchingTarget(
            String id, WebhookEndpoint endpoint, BatchLimits limits, Vertx vertx, Optional<DeliveryGate> gate) {
        this.id = id;
        this.endpoint = endpoint;
        this.limits = limits;
        this.vertx = vertx;
        this.gate = gate;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Future<DeliveryOutcome> deliver(Event event) {
        byte[] document = StructuredEvents.write(event);
        Pending pending = new Pending(event, document, Promise.promise(), vertx.getOrCreateContext());
        List<Pending> before = List.of();
        List<Pending> full = List.of();
        synchronized (this) {
            // The body is '[' + the documents joined by ',' + ']': sum(document + 1) + 1 bytes.
            int added = document.length + 1;
            if (!open.isEmpty() && openBytes + added + 1 > limits.maxBytes()) {
                before = takeOpen();
            }
            open.add(pending);
            openBytes += added;
            if (open.size() >= limits.maxEvents() || openBytes + 1 >= limits.maxBytes()) {
                full = takeOpen();
            } else if (open.size() == 1) {
                timer = vertx.setTimer(Math.max(1, limits.maxWait().toMillis()), this::onTimer);
            }
        }
        send(before);
        send(full);
        return pending.promise().future();
    }

    private void onTimer(long id) {
        List<Pending> due = List.of();
        synchronized (this) {
            if (timer == id) {
                timer = -1;
                due = takeOpen();
            }
        }
        send(due);
    }

    private List<Pending> takeOpen() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        List<Pending> batch = open;
        open = new ArrayList<>();
        openBytes = 0;
        return batch;
    }

    private void send(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        WebhookPayload payload = DeliveryMode.batchOf(
                DeliveryMode.messageId(batch.stream().map(Pending::event).toList()),
                batch.stream().map(Pending::document).toList());
        Supplier<Future<DeliveryOutcome>> post = () -> endpoint.post(payload);
        Future<DeliveryOutcome> sent =
                gate.map(g -> g.submit(batch.size(), post)).orElseGet(post);
        sent.onComplete(done -> {
            DeliveryOutcome outcome = done.succeeded()
                    ? done.result()
                    : DeliveryOutcome.retryable(Cause.CONNECTION, String.valueOf(done.cause()), Optional.empty());
            for (Pending pending : batch) {
                if (Vertx.currentContext() == pending.context()) {
                    pending.promise().complete(outcome);
                } else {
                    pending.context().runOnContext(v -> pending.promise().complete(outcome));
                }
            }
        });
    }
}
