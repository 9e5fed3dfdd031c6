package dev.signalbox.gateway.router;

import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.BusState.ActiveRule;
import dev.signalbox.gateway.bus.TargetDefinition;
import dev.signalbox.gateway.delivery.DeadLetter;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one bus: reads its topic from the committed offset, matches each event against all the
 * bus's rules in one pass, and starts a delivery to every target of every matching rule. Owns the
 * bus's retry reader and ordered lanes, which carry on what a first attempt could not finish.
 *
 * <p>The committed offset moves past an event once each of its deliveries is delivered, dead-
 * lettered, or durably handed to the retry topic (or, for an ordered target, to the ordered
 * topic), so a crash re-delivers rather than loses (at least once), and a failing target holds
 * the offset only for the length of one attempt. Deliveries run side by side: a target with too
 * many attempts under way gets the next ones through the retry topic, so a slow target never
 * takes the window from the others.
 *
 * <p>Threading: confined to the router's Vert.x context; every method runs on it.
 */
final class BusRouter {

    static final String GROUP = "router";
    private static final Logger LOG = LoggerFactory.getLogger(BusRouter.class);

    private final BusState bus;
    private final Deliveries deliveries;
    private final ConsumerCursor cursor;
    private final RetryConsumer retries;
    private final OrderedLanes ordered;
    private final VertxMessageStore store;

    BusRouter(Vertx vertx, BusState bus, RouterConfig config, RouterServices services, long run) {
        this.bus = bus;
        this.deliveries = new Deliveries(vertx, bus, config, services);
        this.store = services.store();
        this.cursor = new ConsumerCursor(
                store, GROUP, bus.topic(), config.maxInFlightEvents(), config.readBatch(), this::route);
        // A bus with no enabled rule is not read: what is stored meanwhile is passed (passIdle),
        // or left for a first rule on its way (route), which wakes the router when visible.
        cursor.readOnlyWhile(bus::hasEnabledRules);
        this.retries = new RetryConsumer(deliveries, store, config);
        this.ordered = new OrderedLanes(deliveries, store, config, run);
    }

    /**
     * Reads and routes whatever has arrived on the bus since the last read, from the bus's route
     * mark on: what was stored while the bus had no enabled rule is passed without a read.
     */
    void wake() {
        OptionalLong idle = bus.idleEnd(this::topicEnd);
        if (idle.isPresent()) {
            // No enabled rule: nothing stored so far can match, so it is passed without a read.
            cursor.skipTo(idle.getAsLong());
            return;
        }
        cursor.skipTo(bus.routeFrom());
        cursor.wake();
    }

    /** Picks up what the store's timer and this router appended to the delivery topics. */
    void poll() {
        retries.wake();
        ordered.wake();
    }

    /**
     * Moves a bus with no enabled rule to its end: appends do not wake such a router, so its
     * committed offset follows the topic from here. It follows slowly (each move writes and syncs
     * the offsets file): a restart starts the bus's rules at its stored route mark anyway, so the
     * offset only bounds how much a restart reads again.
     */
    void passIdle() {
        bus.idleEnd(this::topicEnd).ifPresent(cursor::skipTo);
    }

    private long topicEnd() {
        return store.store().nextOffset(bus.topic());
    }

    /** Stops reading; completes once no offset commit is under way. */
    Future<?> stop() {
        deliveries.stop();
        return Future.all(cursor.stop(), retries.stop(), ordered.stop());
    }

    private void route(StoredRecord record) {
        switch (bus.routing(record.queueOffset())) {
            case PASSED -> {
                // Nothing can match, or the event was stored before the bus's first enabled rule
                // (read by a read already under way): it is not even decoded.
                return;
            }
            case LATER -> {
                // Past the mark of a first rule not visible yet: read again when it is.
                cursor.rewindTo(record.queueOffset());
                return;
            }
            case ROUTED -> {
                // matched below
            }
        }
        Event event;
        try {
            event = EventCodec.decode(record.body());
        } catch (IllegalArgumentException e) {
            LOG.error("bus {}: record {} is not an event; skipped", bus.name(), record.queueOffset(), e);
            return;
        }
        for (String ruleName : bus.matchingRules(event)) {
            ActiveRule rule = bus.rules().get(ruleName);
            if (rule == null || !rule.definition().isEnabled()) {
                continue;
            }
            for (TargetDefinition target : rule.definition().targets()) {
                if (target.isDisabledByRule()) {
                    continue; // its rule turned it off: nothing is sent, nothing dead-lettered
                }
                PendingDelivery pending = PendingDelivery.fresh(
                        PendingDelivery.RETRY, ruleName, target.id(), record.storeTimestamp(), record.queueOffset());
                long offset = record.queueOffset();
                cursor.hold(offset);
                start(event, record.body(), target, pending).onComplete(done -> cursor.release(offset));
            }
        }
    }

    private Future<Void> start(Event event, byte[] bytes, TargetDefinition target, PendingDelivery pending) {
        if (target.ordering().isPresent()) {
            PendingDelivery queued = pending.as(PendingDelivery.ORDERED)
                    .withKey(target.ordering().get().keyOf(event));
            return deliveries.handOff(deliveries.topics().ordered(), queued, bytes, 0);
        }
        return deliveries.deliver(new Deliveries.Job(event, bytes, pending));
    }

    /**
     * Hands a dead letter's event back to its target, as a fresh delivery (attempts and age
     * counted from now): through the retry topic, due at once, or the ordered topic for an
     * ordered target. Completes with false when the rule or target no longer exists.
     */
    Future<Boolean> redrive(DeadLetter letter, Event original) {
        Optional<Deliveries.Resolved> resolved = deliveries.resolve(letter.rule(), letter.target());
        if (resolved.isEmpty()) {
            return Future.succeededFuture(false);
        }
        TargetDefinition target = resolved.get().definition();
        byte[] bytes = EventCodec.encode(original);
        PendingDelivery pending = PendingDelivery.fresh(
                        PendingDelivery.RETRY, letter.rule(), letter.target(), System.currentTimeMillis(), -1)
                .withRedriveOf(letter.id());
        Future<Void> handed;
        if (target.ordering().isPresent()) {
            Optional<String> key = target.ordering().get().keyOf(original);
            handed = deliveries.handOff(
                    deliveries.topics().ordered(),
                    pending.as(PendingDelivery.ORDERED).withKey(key),
                    bytes,
                    0);
        } else {
            handed = deliveries.handOff(deliveries.topics().retries(), pending, bytes, 0);
        }
        return handed.map(true);
    }
}
