package dev.signalbox.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The node's metrics, scraped as Prometheus text at {@code /metrics}: events accepted, rejected
 * (by reason) and deduplicated per bus, bytes taken in, request latency histograms per route, and
 * for the publish route per bus as well. Tags only take values the node chose (bus names that
 * exist, route templates, error codes), so a client cannot blow up the number of series. Every meter tagged with a bus goes when the bus is
 * deleted ({@link #forgetBus}), so a deleted bus leaves no series behind and one created again
 * under the same name starts from zero. Thread-safe.
 */
public final class GatewayMetrics {

    /** The bus tag for requests naming a bus that does not exist. */
    public static final String NO_BUS = "-";

    /**
     * The bus tag of request latency on routes that name no bus: Prometheus takes a label with an
     * empty value as no label, so those series are what they were before the publish route got a
     * bus tag (the registry wants every series of a name to have the same tag keys).
     */
    public static final String NOT_A_BUS_ROUTE = "";

    /** The one route whose latency is tagged with its bus: publishing events, every event's way in. */
    public static final String PUBLISH_METHOD = "POST";

    public static final String PUBLISH_ROUTE = "/v1/buses/:bus/events";

    private static final String BACKLOG = "signalbox.bus.backlog";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Meters are looked up once per tag set: building and registering one costs far more than
    // counting, and these are on every request's path.
    private final Map<String, BusMeters> buses = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> rejections = new ConcurrentHashMap<>();
    private final Map<List<Object>, Timer> requests = new ConcurrentHashMap<>();
    /** Publish latency of each bus that exists, looked up by name alone on every publish. */
    private final Map<String, PublishLatency> publishLatency = new ConcurrentHashMap<>();

    private final PublishLatency missingBusLatency = new PublishLatency(NO_BUS, registry);
    /** Buses that exist (told by {@link #busCreated}): only these become publish-latency tags. */
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    private final Map<List<String>, DeliveryMeters> deliveries = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> schemaViolations = new ConcurrentHashMap<>();
    /**
     * Buses deleted and not created again: work still finishing on one (a delivery under way, a
     * request already past the catalog) counts on meters that are not registered, instead of
     * bringing its series back. Asked only when a meter is first looked up, never per count.
     */
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    /** The meters of one bus. */
    private record BusMeters(Counter accepted, Counter bytes, Counter deduplicated) {}

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void accepted(String bus, long bytes) {
        accepted(bus, 1, bytes);
    }

    /** {@code events} stored on the bus at once (a batch), {@code bytes} between them. */
    public void accepted(String bus, int events, long bytes) {
        BusMeters meters = bus(bus);
        meters.accepted().increment(events);
        meters.bytes().increment(bytes);
    }

    public void deduplicated(String bus) {
        bus(bus).deduplicated().increment();
    }

    private BusMeters bus(String bus) {
        return perBus(buses, bus, bus, into -> busMeters(bus, into));
    }

    private static BusMeters busMeters(String bus, MeterRegistry into) {
        return new BusMeters(
                Counter.builder("signalbox.events.accepted")
                        .description("Events stored on a bus")
                        .tag("bus", bus)
                        .register(into),
                Counter.builder("signalbox.events.bytes")
                        .description("Encoded bytes of events stored on a bus")
                        .baseUnit("bytes")
                        .tag("bus", bus)
                        .register(into),
                Counter.builder("signalbox.events.deduplicated")
                        .description("Events answered as accepted but not stored again: same source and id within the"
                                + " window")
                        .tag("bus", bus)
                        .register(into));
    }

    public void rejected(String bus, String reason) {
        perBus(rejections, bus, List.of(bus, reason), into -> Counter.builder("signalbox.events.rejected")
                        .description("Events refused, by error code")
                        .tag("bus", bus)
                        .tag("reason", reason)
                        .register(into))
                .increment();
    }

    /** An event whose data broke its schema on a bus enforcing in {@code mode} (flag or reject). */
    public void schemaViolation(String bus, String mode) {
        perBus(schemaViolations, bus, List.of(bus, mode), into -> Counter.builder("signalbox.schema.violations")
                        .description("Events whose data broke their schema, by bus and enforcement mode (flag: stored"
                                + " and marked; reject: refused)")
                        .tag("bus", bus)
                        .tag("mode", mode)
                        .register(into))
                .increment();
    }

    /**
     * The cached meter of a bus's tag set, registered on first use; for a deleted bus one that is
     * not registered (and not cached).
     */
    private <K, M> M perBus(Map<K, M> cache, String bus, K key, Function<MeterRegistry, M> create) {
        M meter = cache.get(key);
        if (meter != null) {
            return meter;
        }
        if (deleted.contains(bus)) {
            return create.apply(new SimpleMeterRegistry());
        }
        return cache.computeIfAbsent(key, k -> create.apply(registry));
    }

    /** The bus exists (again): its meters are registered from their first use. */
    public void busCreated(String bus) {
        deleted.remove(bus);
        live.add(bus);
    }

    /**
     * Removes every meter tagged with the bus (events, rejections, schema violations, deliveries,
     * publish latency, the backlog gauge) from the registry and from the caches: a deleted bus's series leave
     * /metrics, and a bus created again under the name starts from zero.
     */
    public void forgetBus(String bus) {
        deleted.add(bus);
        live.remove(bus);
        PublishLatency latency = publishLatency.remove(bus);
        if (latency != null) {
            latency.retire();
        }
        buses.remove(bus);
        rejections.keySet().removeIf(k -> k.get(0).equals(bus));
        schemaViolations.keySet().removeIf(k -> k.get(0).equals(bus));
        deliveries.keySet().removeIf(k -> k.get(0).equals(bus));
        for (Meter meter : registry.getMeters()) {
            if (bus.equals(meter.getId().getTag("bus"))) {
                registry.remove(meter);
            }
        }
    }

    public void request(String method, String route, int status, Duration took) {
        requestTimer(method, route, status).record(took);
    }

    /**
     * The latency histogram of one route template and status, for routes that name no bus (the
     * publish route's are {@link #publishTimer}'s); a caller on a hot path may keep it.
     */
    public Timer requestTimer(String method, String route, int status) {
        return requests.computeIfAbsent(
                List.of(method, route, status),
                k -> requestTimerBuilder(method, route, status, NOT_A_BUS_ROUTE).register(registry));
    }

    /**
     * The publish route's latency histogram for the bus and status: tagged with the bus when it
     * exists, else with {@link #NO_BUS} (a name a client made up, or a bus deleted meanwhile, adds
     * no series). Costs a map lookup by name and an array read once the meter exists; never a
     * registry lookup. Not to be kept by the caller: the bus may be deleted and created again.
     */
    public Timer publishTimer(String bus, int status) {
        if (bus == null) {
            return missingBusLatency.timer(status);
        }
        PublishLatency latency = publishLatency.get(bus);
        if (latency == null) {
            latency = publishLatency(bus);
        }
        return latency.timer(status);
    }

    private PublishLatency publishLatency(String bus) {
        if (!live.contains(bus)) {
            return missingBusLatency;
        }
        PublishLatency latency = publishLatency.computeIfAbsent(bus, b -> new PublishLatency(b, registry));
        if (!live.contains(bus)) {
            // forgetBus ran between the two checks, perhaps before this entry went in: take it out
            // again rather than register the deleted bus's meters.
            publishLatency.remove(bus, latency);
            latency.retire();
            return missingBusLatency;
        }
        return latency;
    }

    static Timer.Builder requestTimerBuilder(String method, String route, int status, String bus) {
        return Timer.builder("signalbox.http.server.requests")
                .description("HTTP requests by route template and status; on the publish route by bus as well")
                .tag("method", method)
                .tag("route", route)
                .tag("status", String.valueOf(status))
                .tag("bus", bus)
                .publishPercentileHistogram();
    }

    /**
     * The delivery meters of one target of one rule: delivered, failed attempts, retries
     * scheduled, dead letters, and attempt latency (a histogram, for percentiles across nodes).
     * Callers keep the returned value: it is the cache.
     */
    public DeliveryMeters delivery(String bus, String rule, String target) {
        List<String> k = List.of(bus, rule, target);
        return perBus(
                deliveries,
                bus,
                k,
                into -> new DeliveryMeters(
                        deliveryCounter("signalbox.deliveries.delivered", "Deliveries accepted by the target", k, into),
                        deliveryCounter("signalbox.deliveries.failed", "Delivery attempts that failed", k, into),
                        deliveryCounter(
                                "signalbox.deliveries.retried", "Retries scheduled on the retry topic", k, into),
                        deliveryCounter(
                                "signalbox.deliveries.dead.lettered", "Deliveries given up (dead letters)", k, into),
                        Timer.builder("signalbox.deliveries.latency")
                                .description("Time from sending an attempt to its outcome")
                                .tags("bus", k.get(0), "rule", k.get(1), "target", k.get(2))
                                .publishPercentileHistogram()
                                .register(into)));
    }

    private static Counter deliveryCounter(String name, String description, List<String> tags, MeterRegistry into) {
        return Counter.builder(name)
                .description(description)
                .tags("bus", tags.get(0), "rule", tags.get(1), "target", tags.get(2))
                .register(into);
    }

    /** The meters of one (bus, rule, target). Thread-safe. */
    public record DeliveryMeters(
            Counter delivered, Counter failed, Counter retried, Counter deadLettered, Timer latency) {}

    /**
     * The bus's routing backlog, read when scraped: events stored on it that its router has not
     * passed yet. Registered when the bus appears and removed by {@link #forgetBus} when it is
     * deleted (a gauge of a deleted bus would keep reading a topic nobody routes).
     */
    public void backlog(String bus, Supplier<Number> value) {
        Gauge.builder(BACKLOG, value)
                .description("Events stored on a bus and not yet passed by its router")
                .tag("bus", bus)
                .register(registry);
    }

    /** A gauge read when scraped, such as the store's write-queue depth. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
