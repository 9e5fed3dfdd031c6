package dev.signalbox.gateway.main;

import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.CatalogListener;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.gateway.router.RouterVerticle;

/**
 * Keeps the per-bus metrics in step with the catalog: one routing-backlog gauge per bus,
 * registered for the buses loaded at start and each bus created later; when a bus is deleted,
 * every meter tagged with it goes (backlog, events, rejections, schema violations, deliveries,
 * publish latency).
 * Threading: the catalog calls it on a Vert.x context; the gauges are read on the scraping thread
 * (the router's reads are thread-safe).
 */
final class BusBacklogs implements CatalogListener {

    private final GatewayMetrics metrics;
    private final RouterVerticle router;

    private BusBacklogs(GatewayMetrics metrics, RouterVerticle router) {
        this.metrics = metrics;
        this.router = router;
    }

    static void watch(BusCatalog catalog, GatewayMetrics metrics, RouterVerticle router) {
        BusBacklogs backlogs = new BusBacklogs(metrics, router);
        catalog.addListener(backlogs);
        catalog.buses().forEach(backlogs::busCreated);
    }

    @Override
    public void busCreated(BusState bus) {
        metrics.busCreated(bus.name());
        metrics.backlog(bus.name(), () -> router.backlog(bus));
    }

    @Override
    public void busDeleted(BusState bus) {
        metrics.forgetBus(bus.name());
    }
}
