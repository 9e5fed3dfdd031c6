package dev.signalbox.gateway.router;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.Target;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.core.EventViews;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.BusState.ActiveRule;
import dev.signalbox.gateway.bus.RetryPolicy;
import dev.signalbox.gateway.bus.TargetDefinition;
import dev.signalbox.rules.TransformContext;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one bus: reads its topic from the committed offset, matches each event against all the
 * bus's rules in one pass, and delivers it to every target of every matching rule, retrying
 * failed deliveries with backoff.
 *
 * <p>Deliveries run side by side: a slow or dead target holds up only its own retries, never
 * another target's deliveries. The committed offset moves past an event only when all of its
 * deliveries are over (delivered, rejected, or out of retries), so a crash re-delivers rather
 * than loses (at least once). Until retries are durable on the store's timer (the delivery
 * issue), an event under retry keeps the committed offset from passing it, and at most
 * {@link RouterConfig#maxInFlightEvents()} events are held at once.
 *
 * <p>Threading: confined to the router's Vert.x context; every method runs on it.
 */
final class BusRouter {

    static final String GROUP = "router";
    private static final Logger LOG = LoggerFactory.getLogger(BusRouter.class);

    private final Vertx vertx;
    private final BusState bus;
    private final VertxMessageStore store;
    private final RouterConfig config;
    private final Backoff backoff;
    /** Queue offset -> deliveries still under way for the event there. */
    private final TreeMap<Long, Integer> inFlight = new TreeMap<>();

    private final Set<Long> timers = new HashSet<>();
    private long nextRead;
    private long committed;
    private boolean isReading;
    private boolean isCommitting;
    private boolean isCommitDirty;
    private boolean isStopped;

    BusRouter(Vertx vertx, BusState bus, VertxMessageStore store, RouterConfig config) {
        this.vertx = vertx;
        this.bus = bus;
        this.store = store;
        this.config = config;
        this.backoff = new Backoff(config.retryBaseDelay(), config.retryMaxDelay());
        this.committed = store.store().offsets().committed(GROUP, bus.topic());
        this.nextRead = committed;
    }

    /** Reads and routes whatever has arrived since the last read, as far as the window allows. */
    void wake() {
        if (isStopped || isReading) {
            return;
        }
        int room = config.maxInFlightEvents() - inFlight.size();
        long end = store.store().nextOffset(bus.topic());
        if (room <= 0 || nextRead >= end) {
            return;
        }
        if (!bus.hasEnabledRules()) {
            // No enabled rule: nothing stored so far can match, so it is passed without a read.
            nextRead = end;
            advance();
            return;
        }
        isReading = true;
        store.read(bus.topic(), nextRead, Math.min(room, config.readBatch())).onComplete(read -> {
            isReading = false;
            if (isStopped) {
                return;
            }
            if (read.failed()) {
                LOG.error(
                        "bus {}: reading offset {} failed; retrying on the next event",
                        bus.name(),
                        nextRead,
                        read.cause());
                return;
            }
            read.result().forEach(this::route);
            wake();
        });
    }

    void stop() {
        isStopped = true;
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }

    private void route(StoredRecord record) {
        nextRead = record.queueOffset() + 1;
        if (!bus.hasEnabledRules()) {
            // No enabled rule: nothing can match, so the event is not even decoded.
            settle(record.queueOffset(), 0);
            return;
        }
        Event event;
        try {
            event = EventCodec.decode(record.body());
        } catch (IllegalArgumentException e) {
            LOG.error("bus {}: record {} is not an event; skipped", bus.name(), record.queueOffset(), e);
            settle(record.queueOffset(), 0);
            return;
        }
        int deliveries = 0;
        Instant storedAt = Instant.ofEpochMilli(record.storeTimestamp());
        ObjectNode view = null; // built once, and only when a target transforms the event
        for (String ruleName : bus.matchingRules(event)) {
            ActiveRule rule = bus.rules().get(ruleName);
            if (rule == null || !rule.definition().isEnabled()) {
                continue;
            }
            List<Target> targets = rule.targets();
            for (int i = 0; i < targets.size(); i++) {
                TargetDefinition target = rule.definition().targets().get(i);
                Event payload = event;
                if (!target.transform().isOriginal()) {
                    view = view == null ? EventViews.matchView(event) : view;
                    try {
                        TransformContext context = new TransformContext(bus.name(), ruleName, storedAt);
                        payload = TransformedEvent.of(event, target.transform().apply(view, context));
                    } catch (SignalboxException e) {
                        // Only a JSONata expression can fail here, and it fails the same way on
                        // every attempt: there is nothing to retry.
                        LOG.warn(
                                "bus {} rule {} target {}: event {} not delivered, {}",
                                bus.name(),
                                ruleName,
                                target.id(),
                                event.id(),
                                e.detail());
                        continue;
                    }
                }
                deliveries++;
                attempt(
                        new Delivery(
                                record.queueOffset(),
                                payload,
                                storedAt,
                                ruleName,
                                targets.get(i),
                                target.retryPolicy()),
                        0);
            }
        }
        settle(record.queueOffset(), deliveries);
    }

    private record Delivery(
            long offset, Event event, Instant storedAt, String rule, Target target, RetryPolicy policy) {}

    private void attempt(Delivery delivery, int retry) {
        delivery.target().deliver(delivery.event()).onComplete(result -> {
            if (isStopped) {
                return;
            }
            DeliveryOutcome outcome = result.succeeded()
                    ? result.result()
                    : DeliveryOutcome.retryable(0, String.valueOf(result.cause()), java.util.Optional.empty());
            switch (outcome.verdict()) {
                case DELIVERED -> done(delivery.offset());
                case REJECTED -> giveUp(delivery, retry, outcome, "rejected by the target");
                case RETRYABLE -> retry(delivery, retry, outcome);
            }
        });
    }

    private void retry(Delivery delivery, int retry, DeliveryOutcome outcome) {
        Duration wait = backoff.delay(retry, outcome.retryAfter(), ThreadLocalRandom.current());
        Instant due = Instant.now().plus(wait);
        if (retry >= delivery.policy().maxAttempts()) {
            giveUp(delivery, retry, outcome, "retries exhausted");
            return;
        }
        if (due.isAfter(delivery.storedAt().plus(delivery.policy().maxEventAge()))) {
            giveUp(delivery, retry, outcome, "maximum event age reached");
            return;
        }
        long timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            timers.remove(id);
            attempt(delivery, retry + 1);
        });
        timers.add(timer);
    }

    private void giveUp(Delivery delivery, int retries, DeliveryOutcome outcome, String why) {
        // Dead letters come with the delivery issue; until then the loss is at least loud.
        LOG.warn(
                "bus {} rule {} target {}: event {} not delivered after {} attempt(s), {}: {}",
                bus.name(),
                delivery.rule(),
                delivery.target().id(),
                delivery.event().id(),
                retries + 1,
                why,
                outcome.error());
        done(delivery.offset());
    }

    private void settle(long offset, int deliveries) {
        if (deliveries > 0) {
            inFlight.put(offset, deliveries);
        }
        advance();
    }

    private void done(long offset) {
        Integer left = inFlight.get(offset);
        if (left == null) {
            return;
        }
        if (left > 1) {
            inFlight.put(offset, left - 1);
            return;
        }
        inFlight.remove(offset);
        advance();
        wake();
    }

    private void advance() {
        long lowest = inFlight.isEmpty() ? nextRead : inFlight.firstKey();
        if (lowest > committed) {
            committed = lowest;
            commit();
        }
    }

    /** Writes the committed offset, one write at a time; changes during a write are coalesced. */
    private void commit() {
        if (isCommitting) {
            isCommitDirty = true;
            return;
        }
        isCommitting = true;
        long offset = committed;
        store.commitOffset(GROUP, bus.topic(), offset).onComplete(done -> {
            isCommitting = false;
            if (done.failed()) {
                LOG.error("bus {}: committing offset {} failed", bus.name(), offset, done.cause());
            }
            if (isCommitDirty && !isStopped) {
                isCommitDirty = false;
                commit();
            }
        });
    }
}
