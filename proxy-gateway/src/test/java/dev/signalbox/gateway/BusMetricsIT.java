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
 * again under the same name starts from zero. The publish route's latency histogram is tagged with
 * the bus it names when that bus exists (on the lean ingest path and the router's alike), with
 * {@code -} when it does not, and goes with the bus too.
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

    @Test
    void publishLatencyIsTaggedWithEachBusThatExistsAndGoesWithIt(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/a", "{}").status());
            assertEquals(201, api.put("/v1/buses/b", "{}").status());
            post(api, "a", "a-1", "s");
            post(api, "b", "b-1", "s");
            // A path the lean ingest path leaves to the router (percent-encoded): timed there, same series.
            Api.Response routed = api.postEvent("%62", BinaryEvent.text("b-2", "x"));
            assertEquals(202, routed.status(), routed.text());
            Api.Response missing = api.postEvent("ghost", BinaryEvent.text("g-1", "x"));
            assertEquals(404, missing.status(), missing.text());

            String text = scrape(api);
            assertEquals("1", publishCount(text, "a", 202), text);
            assertEquals("2", publishCount(text, "b", 202), text);
            assertTrue(
                    text.contains("signalbox_http_server_requests_seconds_bucket{bus=\"a\",method=\"POST\","
                            + "route=\"/v1/buses/:bus/events\",status=\"202\",le="),
                    "a histogram, for percentiles per bus:\n" + text);
            assertEquals("1", publishCount(text, "-", 404), "a missing bus is counted untagged");
            assertTrue(!text.contains("ghost"), "no series for a bus that does not exist:\n" + text);
            assertEquals(
                    Set.of("a", "b", "-", ""),
                    requestSeries(text).stream().map(BusMetricsIT::busTag).collect(Collectors.toSet()),
                    "only existing buses, '-' for a missing one, '' for routes that name no bus:\n" + text);
            assertTrue(
                    requestSeries(text).stream()
                            .filter(line -> line.contains("method=\"PUT\""))
                            .allMatch(line -> busTag(line).isEmpty()),
                    "other routes keep their series (an empty label is no label to Prometheus):\n" + text);

            assertEquals(204, api.delete("/v1/buses/a").status());
            text = scrape(api);
            assertEquals(List.of(), seriesOf(api, "a"), "no series of the deleted bus");
            assertEquals("2", publishCount(text, "b", 202), "another bus keeps its own:\n" + text);
            Api.Response gone = api.postEvent("a", BinaryEvent.text("a-2", "x"));
            assertEquals(404, gone.status(), gone.text());
            assertEquals(List.of(), seriesOf(api, "a"), "a post to the deleted bus brings nothing back");
            assertEquals("2", publishCount(scrape(api), "-", 404));

            assertEquals(201, api.put("/v1/buses/a", "{}").status());
            post(api, "a", "a-3", "s");
            assertEquals("1", publishCount(scrape(api), "a", 202), "a bus created again starts from zero");
        }
    }

    /**
     * A refused call is counted under the route it was meant for, whichever handler answered it: a
     * handler's 400, a missing bus's 404, the body handler's 413 (before any operation's route ran).
     * Only a path no operation serves is {@code unmatched}.
     */
    @Test
    void aRefusedCallIsCountedUnderItsRoute(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(400, api.put("/v1/buses/m", "{\"flush\": \"x\"}").status());
            assertEquals(404, api.get("/v1/buses/nope").status());
            assertEquals(201, api.put("/v1/buses/m", "{}").status());
            String big = "{\"description\":\"" + "x".repeat(4_096_000 + 1024) + "\"}";
            assertEquals(413, api.put("/v1/buses/m/rules/big", big).status());
            assertEquals(404, api.get("/v1/nothing/here").status());

            String text = scrape(api);
            assertEquals("1", requestCount(text, "PUT", "/v1/buses/:bus", 400), text);
            assertEquals("1", requestCount(text, "GET", "/v1/buses/:bus", 404), text);
            assertEquals("1", requestCount(text, "PUT", "/v1/buses/:bus/rules/:rule", 413), text);
            assertEquals("1", requestCount(text, "GET", "unmatched", 404), text);
            assertEquals(
                    List.of(),
                    requestSeries(text).stream()
                            .filter(line -> line.contains("route=\"unmatched\"") && !line.contains("status=\"404\""))
                            .collect(Collectors.toList()),
                    "only the unknown path is unmatched");
            assertTrue(!text.contains("route=\"/v1/\""), "no series under the catch-all's path:\n" + text);
        }
    }

    /** A route's request count for the method and status (no bus), as scraped; null when there is none. */
    private static String requestCount(String text, String method, String route, int status) {
        String prefix = "signalbox_http_server_requests_seconds_count{bus=\"\",method=\"" + method + "\",route=\""
                + route + "\",status=\"" + status + "\"} ";
        return text.lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .findFirst()
                .orElse(null);
    }

    /** The publish route's request count for the bus and status, as scraped; null when there is none. */
    private static String publishCount(String text, String bus, int status) {
        String prefix = "signalbox_http_server_requests_seconds_count{bus=\"" + bus
                + "\",method=\"POST\",route=\"/v1/buses/:bus/events\",status=\"" + status + "\"} ";
        return text.lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .findFirst()
                .orElse(null);
    }

    private static List<String> requestSeries(String text) {
        return text.lines()
                .filter(line -> line.startsWith("signalbox_http_server_requests_seconds_count"))
                .collect(Collectors.toList());
    }

    /** The value of a sample line's bus label, or null when it has none. */
    private static String busTag(String line) {
        int at = line.indexOf("bus=\"");
        return at < 0 ? null : line.substring(at + 5, line.indexOf('"', at + 5));
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
