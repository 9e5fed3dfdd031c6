package dev.signalbox.gateway.router;

import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.CatalogListener;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Owns the routers of every bus on one Vert.x context: starts one per bus at deploy and when a
 * bus is created, stops it when the bus is deleted, and wakes it when events arrive.
 *
 * <p>Threading: {@link #wake} and the catalog callbacks may be called from any thread; they hop
 * onto this verticle's context, where all router state lives.
 */
public final class RouterVerticle extends VerticleBase implements CatalogListener {

    private final BusCatalog catalog;
    private final VertxMessageStore store;
    private final RouterConfig config;
    private final Map<String, BusRouter> routers = new HashMap<>();
    private final Map<String, AtomicBoolean> wakeQueued = new ConcurrentHashMap<>();

    public RouterVerticle(BusCatalog catalog, VertxMessageStore store, RouterConfig config) {
        this.catalog = catalog;
        this.store = store;
        this.config = config;
    }

    @Override
    public Future<?> start() {
        catalog.addListener(this);
        catalog.buses().forEach(this::startRouter);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        routers.values().forEach(BusRouter::stop);
        routers.clear();
        return Future.succeededFuture();
    }

    /**
     * Tells the bus's router that events were appended. Wake-ups are coalesced: while one is
     * queued for a bus, more add nothing, since the router reads up to the end of the topic.
     */
    public void wake(String bus) {
        AtomicBoolean queued = wakeQueued.computeIfAbsent(bus, b -> new AtomicBoolean());
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        context.runOnContext(v -> {
            queued.set(false);
            BusRouter router = routers.get(bus);
            if (router != null) {
                router.wake();
            }
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
        });
    }

    private void startRouter(BusState bus) {
        BusRouter router = new BusRouter(vertx, bus, store, config);
        BusRouter previous = routers.put(bus.name(), router);
        if (previous != null) {
            previous.stop();
        }
        router.wake();
    }
}
