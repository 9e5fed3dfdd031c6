package dev.signalbox.gateway.router;

import dev.signalbox.core.Event;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.CatalogListener;
import dev.signalbox.gateway.delivery.BusTopics;
import dev.signalbox.gateway.delivery.DeadLetter;
import dev.signalbox.gateway.delivery.DeadLetters;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owns the routers of every bus on one Vert.x context: starts one per bus at deploy and when a
 * bus is created, stops it when the bus is deleted, wakes it when events arrive, and polls the
 * buses' delivery topics (which the store's timer fills when retries come due) every few
 * milliseconds.
 *
 * <p>Threading: {@link #wake}, {@link #redrive} and the catalog callbacks may be called from any
 * thread; they hop onto this verticle's context, where all router state lives.
 */
public final class RouterVerticle extends VerticleBase implements CatalogListener {

    /** How often the delivery topics are checked for due retries: a memory read per bus. */
    private static final long POLL_MILLIS = 5;
    /** How often the committed offset of a bus with no enabled rule is moved to its end. */
    private static final long IDLE_PASS_MILLIS = 1000;

    /** What a redrive came to: the dead letters handed back, and those whose target is gone. */
    public record Redriven(List<String> redriven, List<String> targetMissing) {}

    private final BusCatalog catalog;
    private final RouterConfig config;
    private final RouterServices services;
    private final long run = System.currentTimeMillis();
    private final Map<String, BusRouter> routers = new HashMap<>();
    private final Map<String, AtomicBoolean> wakeQueued = new ConcurrentHashMap<>();
    private long poller;
    private long idlePasser;

    public RouterVerticle(BusCatalog catalog, RouterConfig config, RouterServices services) {
        this.catalog = catalog;
        this.config = config;
        this.services = services;
    }

    @Override
    public Future<?> start() {
        catalog.addListener(this);
        catalog.buses().forEach(this::startRouter);
        poller = vertx.setPeriodic(POLL_MILLIS, id -> routers.values().forEach(BusRouter::poll));
        idlePasser = vertx.setPeriodic(IDLE_PASS_MILLIS, id -> routers.values().forEach(BusRouter::passIdle));
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(poller);
        vertx.cancelTimer(idlePasser);
        List<Future<?>> stopped = new ArrayList<>();
        routers.values().forEach(router -> stopped.add(router.stop()));
        routers.clear();
        return Future.all(stopped);
    }

    /**
     * Tells the bus's router that events were appended. A bus with no enabled rule is not woken
     * at all (its router passes what was stored once a second, and {@link #rulesEnabled} starts it
     * at the bus's route mark); on a rule-less bus under load that saves a hop to this context
     * for every event loop turn of appends. Wake-ups are coalesced: while one is queued for a
     * bus, more add nothing, since the router reads up to the end of the topic.
     */
    public void wake(BusState bus) {
        if (!bus.hasEnabledRules()) {
            return;
        }
        String name = bus.name();
        AtomicBoolean queued = wakeQueued.computeIfAbsent(name, b -> new AtomicBoolean());
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        context.runOnContext(v -> {
            queued.set(false);
            wakeRouter(name);
        });
    }

    /**
     * Events stored on the bus that its router has not passed yet: the topic's end minus the
     * router's committed offset. Two memory reads of the store, safe from any thread; the
     * committed offset is written at most every few tens of milliseconds (and once a second on a
     * bus with no enabled rule), so the value may lag that much.
     */
    public long backlog(BusState bus) {
        String topic = bus.topic();
        long committed = services.store().store().offsets().committed(BusRouter.GROUP, topic);
        return Math.max(0, services.store().store().nextOffset(topic) - committed);
    }

    /**
     * Appends that found no enabled rule did not wake the router; the rule now enabled may match
     * some of them (those at or past the route mark), so the router reads from its mark.
     */
    @Override
    public void rulesEnabled(BusState bus) {
        context.runOnContext(v -> wakeRouter(bus.name()));
    }

    private void wakeRouter(String bus) {
        BusRouter router = routers.get(bus);
        if (router != null) {
            router.wake();
        }
    }

    /**
     * Hands dead letters back to their targets, one after another, each marked redriven once its
     * new delivery is durably queued. Completes on the caller's context.
     */
    public Future<Redriven> redrive(BusState bus, List<DeadLetter> letters) {
        Promise<Redriven> answer = Promise.promise();
        io.vertx.core.Context caller = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            BusRouter router = routers.get(bus.name());
            Redriven result = new Redriven(new ArrayList<>(), new ArrayList<>());
            Future<Void> chain = Future.succeededFuture();
            BusTopics topics = BusTopics.of(bus.topic());
            for (DeadLetter letter : letters) {
                chain = chain.compose(x -> redriveOne(router, bus, topics, letter, result));
            }
            chain.onComplete(done -> caller.runOnContext(x -> {
                if (done.succeeded()) {
                    answer.complete(result);
                } else {
                    answer.fail(done.cause());
                }
            }));
        });
        return answer.future();
    }

    private Future<Void> redriveOne(
            BusRouter router, BusState bus, BusTopics topics, DeadLetter letter, Redriven result) {
        if (router == null) {
            result.targetMissing().add(letter.id());
            return Future.succeededFuture();
        }
        return services.deadLetters().event(topics, letter).compose(event -> {
            Event original = DeadLetters.original(event);
            return router.redrive(letter, original).compose(handed -> {
                if (!handed) {
                    result.targetMissing().add(letter.id());
                    return Future.succeededFuture();
                }
                result.redriven().add(letter.id());
                return services.deadLetters()
                        .markRedriven(topics, letter, bus.definition().flush());
            });
        });
    }

    @Override
    public void busCreated(BusState bus) {
        context.runOnContext(v -> startRouter(bus));
    }

    @Override
    public void busDeleted(BusState bus) {
        context.runOnContext(v -> {
            BusRouter router = routers.remove(bus.name());
            if (router != null) {
                router.stop();
            }
            services.deadLetters().forget(BusTopics.of(bus.topic()));
        });
    }

    private void startRouter(BusState bus) {
        BusRouter router = new BusRouter(vertx, bus, config, services, run);
        BusRouter previous = routers.put(bus.name(), router);
        if (previous != null) {
            previous.stop();
        }
        router.wake();
        router.poll();
    }
}
