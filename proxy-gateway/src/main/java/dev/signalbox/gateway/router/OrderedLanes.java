package dev.signalbox.gateway.router;

import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to ordered targets: one lane per (rule, target, key), one delivery in flight per lane,
 * lanes side by side. The router appends every delivery to an ordered target to the bus's ordered
 * topic; this reader takes them in topic order, so each lane sees its key's events in the order
 * they were stored.
 *
 * <p>A failed head stays at the head of its lane, blocking the key, while a trigger waits on the
 * store's timer (in a topic of its own, so it is never stuck behind the deliveries it unblocks);
 * when the trigger comes due the head is tried again. The head's record stays uncommitted until
 * it is delivered or dead-lettered, so after a crash the lane is rebuilt from the topic with the
 * same head: the key stays blocked across restarts. Two things restart with the node: the head's
 * attempt count (its age limit still holds, counted from when the bus stored it), and its wait
 * (a restarted node tries each head at once; triggers written by an earlier run are ignored).
 *
 * <p>Limit: at most {@code 4 x maxInFlightEvents} deliveries wait in memory; a key blocked for
 * long holds the commit point, and when that many deliveries wait behind blocked keys, reading
 * pauses for every key of the bus's ordered targets until one resolves.
 *
 * <p>Threading: confined to the router's Vert.x context.
 */
final class OrderedLanes {

    static final String GROUP = "router.ordered";
    static final String TRIGGER_GROUP = "router.ordered.retry";
    private static final Logger LOG = LoggerFactory.getLogger(OrderedLanes.class);

    /** One waiting delivery and its place in the ordered topic. */
    private record Entry(long offset, Deliveries.Job job) {}

    /** The deliveries of one key, oldest first; the head is the one being delivered. */
    private static final class Lane {
        final ArrayDeque<Entry> waiting = new ArrayDeque<>();
        Entry head;
        boolean isInFlight;
    }

    private final Deliveries deliveries;
    private final ConsumerCursor cursor;
    private final ConsumerCursor triggers;
    private final long run;
    private final Map<String, Lane> lanes = new HashMap<>();

    OrderedLanes(Deliveries deliveries, VertxMessageStore store, RouterConfig config, long run) {
        this.deliveries = deliveries;
        this.run = run;
        this.cursor = new ConsumerCursor(
                store,
                GROUP,
                deliveries.topics().ordered(),
                config.maxInFlightEvents() * 4,
                config.readBatch(),
                this::queue);
        this.triggers = new ConsumerCursor(
                store,
                TRIGGER_GROUP,
                deliveries.topics().orderedRetries(),
                config.maxInFlightEvents(),
                config.readBatch(),
                this::trigger);
    }

    void wake() {
        cursor.wake();
        triggers.wake();
    }

    Future<?> stop() {
        return Future.all(cursor.stop(), triggers.stop());
    }

    private void queue(StoredRecord record) {
        Optional<Deliveries.Job> read = StoredJobs.read(record, deliveries.bus().name(), "ordered");
        if (read.isEmpty()) {
            return;
        }
        Deliveries.Job job = read.get();
        PendingDelivery pending = job.pending();
        cursor.hold(record.queueOffset());
        // An event without the key is ordered against nothing: a lane of its own.
        String name = laneName(pending, pending.key().orElse("\u0001" + record.queueOffset()));
        Lane lane = lanes.computeIfAbsent(name, n -> new Lane());
        lane.waiting.add(new Entry(record.queueOffset(), job));
        if (lane.head == null) {
            next(name, lane);
        }
    }

    private void trigger(StoredRecord record) {
        PendingDelivery trigger;
        try {
            trigger = PendingDelivery.of(record.properties());
        } catch (IllegalArgumentException e) {
            return;
        }
        if (trigger.run() != run) {
            return; // an earlier run's: that run's heads were re-read and tried at this run's start
        }
        String name = laneName(trigger, trigger.key().orElse("\u0001" + trigger.lane()));
        Lane lane = lanes.get(name);
        if (lane != null && lane.head != null && lane.head.offset() == trigger.lane() && !lane.isInFlight) {
            attempt(name, lane);
        }
    }

    private void next(String name, Lane lane) {
        lane.head = lane.waiting.poll();
        if (lane.head == null) {
            lanes.remove(name);
            return;
        }
        attempt(name, lane);
    }

    private void attempt(String name, Lane lane) {
        Entry head = lane.head;
        Deliveries.Job job = head.job();
        PendingDelivery pending = job.pending();
        Optional<Deliveries.Resolved> resolved = deliveries.resolve(pending.rule(), pending.target());
        if (resolved.isEmpty()) {
            LOG.info(
                    "bus {}: rule {} target {} no longer exists; ordered delivery of event {} dropped",
                    deliveries.bus().name(),
                    pending.rule(),
                    pending.target(),
                    job.event().id());
            resolve(name, lane);
            return;
        }
        Deliveries.Resolved target = resolved.get();
        lane.isInFlight = true;
        if (!target.isEnabled()) {
            deliveries
                    .deadLetter(
                            job,
                            target.definition(),
                            target.disabledReason(),
                            pending.lastStatus(),
                            target.disabledError(),
                            pending.attempt() - 1,
                            Instant.now())
                    .onComplete(done -> resolve(name, lane));
            return;
        }
        deliveries.attempt(job, target).onComplete(result -> {
            Deliveries.Attempted attempted = result.result();
            PendingDelivery failed = pending.failed(
                    attempted.at().toEpochMilli(),
                    attempted.outcome().statusCode(),
                    attempted.outcome().error());
            if (attempted.decision() instanceof RetryDecision.Retry retry) {
                lane.isInFlight = false;
                PendingDelivery next = Deliveries.next(pending, failed, retry);
                lane.head = new Entry(head.offset(), job.withPending(next));
                deliveries.meters(pending).retried().increment();
                deliveries.handOff(
                        deliveries.topics().orderedRetries(),
                        next.trigger(head.offset(), run),
                        new byte[0],
                        retry.due().toEpochMilli());
            } else if (attempted.decision() instanceof RetryDecision.GiveUp giveUp) {
                deliveries
                        .giveUp(job, target, giveUp.reason(), attempted.outcome(), failed)
                        .onComplete(done -> resolve(name, lane));
            } else {
                resolve(name, lane);
            }
        });
    }

    /** The head is over (delivered, dead-lettered or dropped): the next of its key may go. */
    private void resolve(String name, Lane lane) {
        lane.isInFlight = false;
        long offset = lane.head.offset();
        next(name, lane);
        cursor.release(offset);
    }

    private static String laneName(PendingDelivery pending, String key) {
        return pending.rule() + '\u0000' + pending.target() + '\u0000' + key;
    }
}
