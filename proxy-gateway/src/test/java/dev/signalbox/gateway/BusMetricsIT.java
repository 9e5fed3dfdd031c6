package dev.signalbox.gateway;

import static dev.signalbox.gateway.Posts.deliveredIds;
import static dev.signalbox.gateway.Posts.post;
import static dev.signalbox.gateway.Posts.putRule;
import static dev.signalbox.gateway.Posts.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting a bus removes every series tagged with it from /metrics (events accepted, bytes,
 * deduplicated, rejected, deliveries, routing backlog), leaves other buses' alone, and a bus created
 * again under the same name starts from zero.
 */
@ExtendWith(VertxExtension.class)
class BusMetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aDeletedBusLeavesNoSeriesAndComesBackFromZero(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(
                    201, api.put("/v1/buses/m", "{\"deduplication\": \"on\"}").status());
            assertEquals(201, api.put("/v1/buses/other", "{}").status());
            putRule(api, "m", "r", "[" + webhook("hook", receiver.url()) + "]", 201);
            post(api, "m", "e-1", "s");
            post(api, "m", "e-1", "s"); // deduplicated
            post(api, "other", "o-1", "s");
            Api.Response refused = api.post(
                    "/v1/buses/m/events",
                    "text/plain",
                    "x".getBytes(StandardCharsets.UTF_8),
                    Map.of("ce-specversion", "1.0", "ce-id", "bad", "ce-type", "t"));
            assertEquals(400, refused.status(), refused.text());
            Eventually.await(WAIT, () -> deliveredIds(receiver).equals(Set.of("e-1")), () -> "the delivery");
            Eventually.await(
                    WAIT,
                    () -> seriesOf(api, "m").size() >= 7,
                    () -> "every kind of series of bus m: " + seriesOf(api, "m"));
            List<String> names = seriesOf(api, "m").stream()
                    .map(line -> line.substring(0, line.indexOf('{')))
                    .distinct()
                    .collect(Collectors.toList());
            for (String name : List.of(
                    "signalbox_events_accepted_total",
                    "signalbox_events_bytes_total",
                    "signalbox_events_deduplicated_total",
                    "signalbox_events_rejected_total",
                    "signalbox_deliveries_delivered_total",
                    "signalbox_deliveries_latency_seconds_count",
                    "signalbox_bus_backlog")) {
                assertTrue(names.contains(name), name + " among " + names);
            }

            assertEquals(204, api.delete("/v1/buses/m").status());
            assertEquals(List.of(), seriesOf(api, "m"), "no series of the deleted bus");
            assertTrue(
                    scrape(api).contains("signalbox_events_accepted_total{bus=\"other\"} 1.0"),
                    "another bus keeps its own");

            assertEquals(201, api.put("/v1/buses/m", "{}").status());
            post(api, "m", "e-2", "s");
            String text = scrape(api);
            assertTrue(text.contains("signalbox_events_accepted_total{bus=\"m\"} 1.0"), "from zero:\n" + text);
            assertTrue(text.contains("signalbox_events_deduplicated_total{bus=\"m\"} 0.0"), "from zero:\n" + text);
            assertTrue(
                    seriesOf(api, "m").stream()
                            .noneMatch(line -> line.startsWith("signalbox_events_rejected")
                                    || line.startsWith("signalbox_deliveries")),
                    "nothing left of the old bus: " + seriesOf(api, "m"));
        }
    }

    private static String scrape(Api api) {
        return api.get("/metrics").text();
    }

    /** The sample lines tagged with the bus. */
    private static List<String> seriesOf(Api api, String bus) {
        return scrape(api)
                .lines()
                .filter(line -> !line.startsWith("#") && line.contains("bus=\"" + bus + "\""))
                .collect(Collectors.toList());
    }
}
