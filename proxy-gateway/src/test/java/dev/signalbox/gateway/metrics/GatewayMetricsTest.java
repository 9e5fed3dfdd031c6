package dev.signalbox.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The publish route's per-bus latency on a real Prometheus registry, at the edges of a bus's life. */
class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void publishTimersAreKeptPerBusAndStatusAndOnlyExistingBusesAreTags() {
        metrics.busCreated("a");
        Timer accepted = metrics.publishTimer("a", 202);
        assertSame(accepted, metrics.publishTimer("a", 202), "looked up once, then kept");
        assertEquals("a", accepted.getId().getTag("bus"));
        assertEquals(
                GatewayMetrics.NO_BUS,
                metrics.publishTimer("made-up", 404).getId().getTag("bus"));
        assertEquals(
                GatewayMetrics.NO_BUS, metrics.publishTimer(null, 404).getId().getTag("bus"));
        assertEquals(
                GatewayMetrics.NOT_A_BUS_ROUTE,
                metrics.requestTimer("GET", "/health", 200).getId().getTag("bus"));
        assertEquals(Set.of("a", GatewayMetrics.NO_BUS, ""), requestBusTags());
    }

    @Test
    void aDeletedBusLeavesNoLatencySeriesEvenFromRequestsStillUnderWay() {
        metrics.busCreated("a");
        Timer before = metrics.publishTimer("a", 202);
        metrics.forgetBus("a");
        before.record(Duration.ofMillis(1)); // a request that passed the catalog before the delete
        assertEquals(
                GatewayMetrics.NO_BUS, metrics.publishTimer("a", 202).getId().getTag("bus"));
        assertTrue(!metrics.scrape().contains("bus=\"a\""), metrics.scrape());

        metrics.busCreated("a");
        Timer again = metrics.publishTimer("a", 202);
        assertNotSame(before, again);
        assertEquals(0, again.count(), "a bus created again starts from zero");
    }

    @Test
    void aTimerRegisteredAfterItsBusWasRetiredRemovesItself() {
        PublishLatency latency = new PublishLatency("a", metrics.registry());
        latency.retire();
        latency.timer(202).record(Duration.ofMillis(1));
        assertTrue(!metrics.scrape().contains("bus=\"a\""), metrics.scrape());
    }

    private Set<String> requestBusTags() {
        return metrics.registry().find("signalbox.http.server.requests").timers().stream()
                .map(timer -> timer.getId().getTag("bus"))
                .collect(Collectors.toSet());
    }
}
