package dev.signalbox.gateway.router;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.Target;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.BusState.ActiveRule;
import dev.signalbox.gateway.bus.DeadLetterPolicy;
import dev.signalbox.gateway.bus.TargetDefinition;
import dev.signalbox.gateway.delivery.BusTopics;
import dev.signalbox.gateway.delivery.DeadLetter;
import dev.signalbox.gateway.delivery.DeadLetterReason;
import dev.signalbox.gateway.delivery.DeliveryTimeline;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.rules.InputTransform;
import dev.signalbox.rules.TransformContext;
import dev.signalbox.storage.NewRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery work of one bus shared by its three readers (the bus topic, the retry topic, the
 * ordered topic): one attempt with its metrics and timeline record, and what follows it — a retry
 * handed durably to the retry topic on the store's timer, a dead letter, or a target disabled by
 * 410 Gone.
 *
 * <p>Every hand-off completes only once the record is as durable as the bus's flush policy
 * promises; a store too busy to take it is asked again shortly, so a reader never moves past a
 * delivery that is nowhere.
 *
 * <p>Threading: confined to the router's Vert.x context.
 */
final class Deliveries {

    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final Duration STORE_BUSY_PAUSE = Duration.ofMillis(100);

    /** A delivery being worked on: the event, its stored bytes, and where it stands. */
    record Job(Event event, byte[] eventBytes, PendingDelivery pending) {
        Job withPending(PendingDelivery value) {
            return new Job(event, eventBytes, value);
        }
    }

    /** The target a job goes to, as the bus defines it now. */
    record Resolved(ActiveRule rule, TargetDefinition definition, Target target) {
        /** The dead letters' error for the targets of a disabled rule. */
        static final String RULE_DISABLED = "its rule is disabled (\"state\": \"disabled\")";

        /**
         * Whether a delivery may be attempted now: the target and its rule are both enabled. A
         * disabled rule's pending deliveries (retries, ordered heads, redrives) end as its
         * disabled targets' do, so disabling a rule stops calling its endpoints at once.
         */
        boolean isEnabled() {
            return rule.definition().isEnabled() && definition.isEnabled();
        }

        /** The dead-letter reason of a delivery that may not be attempted ({@link #isEnabled()} false). */
        DeadLetterReason disabledReason() {
            return definition.isGone() ? DeadLetterReason.GONE : DeadLetterReason.DISABLED;
        }

        /** The dead letter's error for a delivery that may not be attempted. */
        String disabledError() {
            return definition.disabledReason().orElse(RULE_DISABLED);
        }
    }

    /** What one attempt came to. */
    record Attempted(DeliveryOutcome outcome, RetryDecision decision, Instant at) {}

    private final Vertx vertx;
    private final BusState bus;
    private final BusTopics topics;
    private final RouterConfig config;
    private final Backoff backoff;
    private final RouterServices services;
    private final Map<String, Integer> busy = new HashMap<>();
    /** Per target: deliveries waiting for one of its attempts to end, at most one share each. */
    private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();
    /** Per target: when its last attempt ended (nanoTime). */
    private final Map<String, Long> lastFinished = new HashMap<>();
    /** A busy target that finished no attempt for this long is slow, and spills. */
    private static final long STALLED_NANOS = Duration.ofSeconds(1).toNanos();

    private boolean isStopped;

    Deliveries(Vertx vertx, BusState bus, RouterConfig config, RouterServices services) {
        this.vertx = vertx;
        this.bus = bus;
        this.topics = BusTopics.of(bus.topic());
        this.config = config;
        this.backoff = new Backoff(config.retryBaseDelay(), config.retryMaxDelay());
        this.services = services;
    }

    BusTopics topics() {
        return topics;
    }

    BusState bus() {
        return bus;
    }

    void stop() {
        isStopped = true;
    }

    /** The rule's target by id as the bus defines it now; empty when either is gone. */
    Optional<Resolved> resolve(String ruleName, String targetId) {
        ActiveRule rule = bus.rules().get(ruleName);
        if (rule == null) {
            return Optional.empty();
        }
        for (int i = 0; i < rule.definition().targets().size(); i++) {
            TargetDefinition definition = rule.definition().targets().get(i);
            if (definition.id().equals(targetId)) {
                return Optional.of(new Resolved(rule, definition, rule.targets().get(i)));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether this target already has as many attempts under way as one target may hold; more
     * deliveries for it wait for a free slot (one share of them) or go to the retry topic
     * instead of filling a reader's window,
     * so a slow target never holds up the others.
     */
    boolean isBusy(Resolved target) {
        return busy.getOrDefault(busyKey(target), 0) >= share();
    }

    /** How many attempts one target may have under way (and how many more may wait for them). */
    private int share() {
        return Math.max(1, config.maxInFlightEvents() / 8);
    }

    /** Attempts an unordered delivery and settles it: done, retry handed off, or dead letter. */
    Future<Void> deliver(Job job) {
        PendingDelivery pending = job.pending();
        Optional<Resolved> resolved = resolve(pending.rule(), pending.target());
        if (resolved.isEmpty()) {
            LOG.info(
                    "bus {}: rule {} target {} no longer exists; delivery of event {} dropped",
                    bus.name(),
                    pending.rule(),
                    pending.target(),
                    job.event().id());
            return Future.succeededFuture();
        }
        Resolved target = resolved.get();
        if (!target.isEnabled()) {
            return deadLetter(
                    job,
                    target.definition(),
                    target.disabledReason(),
                    pending.lastStatus(),
                    target.disabledError(),
                    pending.attempt() - 1,
                    Instant.now());
        }
        if (isBusy(target)) {
            // A share of deliveries waits in memory for the target's next free slot; beyond
            // that they go to the retry topic, so a slow target never fills a reader's window.
            ArrayDeque<Runnable> queue = waiting.computeIfAbsent(busyKey(target), k -> new ArrayDeque<>());
            // A target that keeps finishing attempts is fast, only behind a burst: its deliveries
            // wait in memory (the window bounds them). Only a target that finished nothing for a
            // while spills: sending a burst through the store would slow everything down.
            if (queue.size() < share() || !isStalled(busyKey(target))) {
                Promise<Void> done = Promise.promise();
                // Resolved again when its turn comes: the rule may have changed or been disabled.
                queue.add(() -> deliver(job).onComplete(done));
                return done.future();
            }
            // Each pass waits longer (full jitter, up to 32 base delays), so a target that stays
            // busy is not polled through the store.
            Duration wait = backoff.delay(Math.min(pending.spills(), 5), Optional.empty(), ThreadLocalRandom.current());
            long due = Instant.now()
                    .plus(wait.compareTo(config.retryBaseDelay()) < 0 ? config.retryBaseDelay() : wait)
                    .toEpochMilli();
            return handOff(topics.retries(), pending.spilled(), job.eventBytes(), due);
        }
        return attempt(job, target).compose(attempted -> settle(job, target, attempted));
    }

    /** One attempt, with its latency, metrics and timeline record; always succeeds. */
    Future<Attempted> attempt(Job job, Resolved target) {
        String key = busyKey(target);
        busy.merge(key, 1, Integer::sum);
        Instant at = Instant.now();
        long start = System.nanoTime();
        return send(job, target)
                .recover(failure ->
                        Future.succeededFuture(DeliveryOutcome.retryable(0, String.valueOf(failure), Optional.empty())))
                .map(outcome -> {
                    busy.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
                    startWaiting(key);
                    long nanos = System.nanoTime() - start;
                    PendingDelivery p = job.pending();
                    RetryDecision decision = RetryDecision.after(
                            outcome,
                            p.attempt() - 1,
                            target.definition().retryPolicy(),
                            Instant.ofEpochMilli(p.receivedAt()),
                            Instant.now(),
                            backoff,
                            ThreadLocalRandom.current());
                    if (isStopped) {
                        // The store is closing: the delivery is made again after the restart.
                        return new Attempted(outcome, decision, at);
                    }
                    GatewayMetrics.DeliveryMeters meters = meters(p);
                    meters.latency().record(Duration.ofNanos(nanos));
                    boolean isDeferred = decision instanceof RetryDecision.Retry r && !r.isAttempt();
                    if (!isDeferred) {
                        (outcome.isDelivered() ? meters.delivered() : meters.failed()).increment();
                    }
                    services.timeline()
                            .attempted(
                                    topics,
                                    job.event().id(),
                                    source(job.event()),
                                    new DeliveryTimeline.Attempt(
                                            p.rule(),
                                            p.target(),
                                            p.attempt(),
                                            at,
                                            outcome.statusCode(),
                                            nanos / 1_000_000,
                                            outcome.error(),
                                            outcomeName(decision),
                                            decision instanceof RetryDecision.Retry r
                                                    ? Optional.of(r.due())
                                                    : Optional.empty()));
                    return new Attempted(outcome, decision, at);
                });
    }

    /** Whether the target has a full share under way and finished none for a while. */
    private boolean isStalled(String key) {
        Long last = lastFinished.get(key);
        return last == null || System.nanoTime() - last > STALLED_NANOS;
    }

    /** Starts the next delivery waiting for this target, now that one of its attempts ended. */
    private void startWaiting(String key) {
        lastFinished.put(key, System.nanoTime());
        ArrayDeque<Runnable> queue = waiting.get(key);
        Runnable next = queue == null ? null : queue.poll();
        if (queue != null && queue.isEmpty()) {
            waiting.remove(key);
        }
        if (next != null && !isStopped) {
            next.run();
        }
    }

    /**
     * Sends the event as the target wants it: the original, or transformed by the target's
     * current transform (applied at each attempt, so a retry follows the rule as it is now).
     */
    private Future<DeliveryOutcome> send(Job job, Resolved target) {
        InputTransform transform = target.definition().transform();
        if (transform.isOriginal()) {
            return target.target().deliver(job.event());
        }
        Event payload;
        try {
            // A transform's output is held to the bus's largest event: a delivery never carries more
            // data than a producer could have posted, however the expression multiplies it.
            TransformContext context = new TransformContext(
                    bus.name(),
                    job.pending().rule(),
                    Instant.ofEpochMilli(job.pending().receivedAt()),
                    bus.limits().maxEventBytes());
            payload = TransformedEvent.of(job.event(), transform, context);
        } catch (SignalboxException e) {
            // Only a JSONata expression fails here, an output over the bound, or a transform that
            // reads data that cannot be read, and the same way on every attempt: the delivery is
            // rejected, never retried.
            return Future.succeededFuture(DeliveryOutcome.rejected(0, e.detail()));
        }
        return target.target().deliver(payload);
    }

    /** After an unordered attempt: nothing, a retry on the timer, or a dead letter. */
    private Future<Void> settle(Job job, Resolved target, Attempted attempted) {
        if (isStopped) {
            return Future.failedFuture("stopped");
        }
        DeliveryOutcome outcome = attempted.outcome();
        PendingDelivery failed =
                job.pending().failed(attempted.at().toEpochMilli(), outcome.statusCode(), outcome.error());
        if (attempted.decision() instanceof RetryDecision.Retry r) {
            meters(job.pending()).retried().increment();
            return handOff(
                    topics.retries(),
                    next(job.pending(), failed, r),
                    job.eventBytes(),
                    r.due().toEpochMilli());
        }
        if (attempted.decision() instanceof RetryDecision.GiveUp g) {
            return giveUp(job, target, g.reason(), outcome, failed);
        }
        return Future.succeededFuture();
    }

    /** Gives up after an attempt: a dead letter, and for 410 Gone the target disabled first. */
    Future<Void> giveUp(
            Job job, Resolved target, DeadLetterReason reason, DeliveryOutcome outcome, PendingDelivery failed) {
        if (isStopped) {
            return Future.failedFuture("stopped");
        }
        Future<?> before = Future.succeededFuture();
        if (reason == DeadLetterReason.GONE) {
            String why = "410 Gone at " + Instant.ofEpochMilli(System.currentTimeMillis());
            before = services.disabler()
                    .disable(bus.name(), job.pending().rule(), target.definition(), why)
                    .recover(e -> {
                        LOG.error(
                                "bus {}: disabling target {} failed",
                                bus.name(),
                                target.definition().id(),
                                e);
                        return Future.succeededFuture(false);
                    });
        }
        return before.compose(v -> deadLetter(
                job.withPending(failed),
                target.definition(),
                reason,
                outcome.statusCode(),
                outcome.error(),
                failed.attempt() - 1,
                Instant.now()));
    }

    /** Ends a delivery in the dead letters (or nowhere, for a target that asked for none). */
    Future<Void> deadLetter(
            Job job,
            TargetDefinition target,
            DeadLetterReason reason,
            int status,
            String error,
            int attempts,
            Instant now) {
        PendingDelivery p = job.pending();
        meters(p).deadLettered().increment();
        Instant first = p.firstAttemptAt() == 0 ? now : Instant.ofEpochMilli(p.firstAttemptAt());
        DeadLetter letter = new DeadLetter(
                -1,
                job.event().id(),
                source(job.event()),
                p.rule(),
                p.target(),
                reason,
                status,
                error,
                attempts,
                first,
                now);
        if (target.deadLetter() == DeadLetterPolicy.NONE) {
            LOG.warn(
                    "bus {} rule {} target {}: event {} dropped ({}, dead letters off): {}",
                    bus.name(),
                    p.rule(),
                    p.target(),
                    job.event().id(),
                    reason.wireName(),
                    error);
            services.timeline().deadLettered(topics, letter.eventSource(), Optional.empty(), letter);
            return Future.succeededFuture();
        }
        Promise<Void> stored = Promise.promise();
        storeDeadLetter(job, letter, stored);
        return stored.future();
    }

    private void storeDeadLetter(Job job, DeadLetter letter, Promise<Void> stored) {
        services.deadLetters()
                .add(topics, job.event(), letter, bus.definition().flush())
                .onComplete(added -> {
                    if (added.succeeded()) {
                        services.timeline()
                                .deadLettered(topics, letter.eventSource(), Optional.of(added.result()), letter);
                        stored.complete();
                    } else if (isStopped) {
                        stored.fail(added.cause());
                    } else {
                        LOG.warn(
                                "bus {}: dead letter for event {} not stored yet ({}); trying again",
                                bus.name(),
                                letter.eventId(),
                                added.cause().getMessage());
                        vertx.setTimer(STORE_BUSY_PAUSE.toMillis(), t -> storeDeadLetter(job, letter, stored));
                    }
                });
    }

    /**
     * Appends a delivery record to one of the bus's delivery topics, due at {@code deliverAt}
     * (epoch ms; now or past = at once), as durably as the bus's events; asks again while the
     * store is busy.
     */
    Future<Void> handOff(String topic, PendingDelivery pending, byte[] body, long deliverAt) {
        NewRecord record =
                NewRecord.of(topic, body).withProperties(pending.properties()).withDeliverAt(deliverAt);
        Promise<Void> done = Promise.promise();
        append(record, done);
        return done.future();
    }

    private void append(NewRecord record, Promise<Void> done) {
        services.store().append(record, bus.definition().flush()).onComplete(appended -> {
            if (appended.succeeded() && appended.result().isOk()) {
                done.complete();
            } else if (isStopped) {
                done.fail("stopped");
            } else {
                LOG.warn(
                        "bus {}: hand-off to {} not stored yet ({}); trying again",
                        bus.name(),
                        record.topic(),
                        appended.failed()
                                ? appended.cause().getMessage()
                                : appended.result().status());
                vertx.setTimer(STORE_BUSY_PAUSE.toMillis(), t -> append(record, done));
            }
        });
    }

    GatewayMetrics.DeliveryMeters meters(PendingDelivery p) {
        return services.metrics().delivery(bus.name(), p.rule(), p.target());
    }

    private static String busyKey(Resolved target) {
        return target.rule().definition().name() + "\u0000"
                + target.definition().id();
    }

    /** The delivery as it goes back to the timer: one attempt more, unless nothing was sent. */
    static PendingDelivery next(PendingDelivery before, PendingDelivery failed, RetryDecision.Retry retry) {
        return retry.isAttempt() ? failed : before.as(PendingDelivery.RETRY);
    }

    private static String outcomeName(RetryDecision decision) {
        if (decision instanceof RetryDecision.Retry r) {
            return r.isAttempt() ? "retrying" : "deferred";
        }
        return decision instanceof RetryDecision.GiveUp ? "failed" : "delivered";
    }

    static String source(Event event) {
        return event.source() == null ? "" : event.source();
    }
}
