package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEAD is answered wherever GET is (RFC 9110 9.3.2): the same status and headers as GET, the
 * {@code Content-Length} of GET's body included, and not one byte of body. HEAD goes out on a raw
 * socket so that a body the server sent could not be hidden by a client that knows HEAD has none.
 */
@ExtendWith(VertxExtension.class)
class HeadRequestIT {

    /** Headers that depend on the connection, not on the resource. */
    private static final Set<String> PER_CONNECTION = Set.of("connection", "keep-alive");

    private record Raw(int status, Map<String, List<String>> headers, int bodyBytes) {}

    @Test
    void headAnswersWhatGetWouldWithoutTheBody(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            Api open = api.withKey(null);
            assertEquals(201, api.put("/v1/buses/b", "{\"flush\":\"sync\"}").status());
            assertEquals(
                    201,
                    api.put(
                                    "/v1/buses/b/rules/r",
                                    "{\"state\": \"disabled\", \"pattern\": {\"type\": [\"test.event\"]},"
                                            + " \"targets\": [" + Posts.webhook("t", "http://127.0.0.1:9/hook") + "]}")
                            .status());
            Posts.post(api, "b", "e-1", "s");
            assertEquals(201, api.put("/v1/registries/shop", "{}").status());
            String schema = "/v1/registries/shop/schemas/order";
            assertEquals(
                    201,
                    api.post(
                                    schema + "/versions",
                                    "application/json",
                                    "{\"schema\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}}"
                                            .getBytes(StandardCharsets.UTF_8),
                                    Map.of())
                            .status());
            assertEquals(
                    201,
                    api.put("/v1/connections/c", "{\"authorization\": {\"type\": \"none\"}}")
                            .status());

            List<String> authorised = List.of(
                    "/v1/buses",
                    "/v1/buses/b",
                    "/v1/buses/b/rules",
                    "/v1/buses/b/rules/r",
                    "/v1/buses/b/events/e-1",
                    "/v1/buses/b/events/e-1/deliveries",
                    "/v1/buses/b/dead-letters",
                    "/v1/config",
                    "/v1/connections",
                    "/v1/connections/c",
                    "/v1/registries",
                    "/v1/registries/shop",
                    "/v1/registries/shop/schemas",
                    schema,
                    schema + "/versions/1",
                    schema + "/versions/1/bindings/java",
                    schema + "/versions/1/bindings/typescript",
                    schema + "/diff?from=1&to=1",
                    schema + "/usage",
                    // Errors GET answers are HEAD's too, with the problem's length.
                    "/v1/buses/none",
                    "/v1/buses/b/events/none",
                    "/v1/buses/b/dead-letters?limit=-1",
                    "/v1/nothing-here");
            for (String path : authorised) {
                assertSame(api.get(path), head(node, path, TestNode.KEY), path);
            }
            for (String path : List.of(
                    "/health",
                    "/ready",
                    "/v1/openapi.json",
                    "/v1/buses",
                    "/ui",
                    "/ui/",
                    "/ui/js/app.js",
                    "/ui/console.css",
                    "/ui/no-such-file.js")) {
                assertSame(open.get(path), head(node, path, null), path + " without a key");
            }

            // The scrape changes with every request (it counts them), so only its form can match.
            Api.Response metrics = open.get("/metrics");
            Raw headMetrics = head(node, "/metrics", null);
            assertEquals(200, headMetrics.status());
            assertEquals(0, headMetrics.bodyBytes());
            assertEquals(List.of(metrics.contentType()), headMetrics.headers().get("content-type"));
            long length =
                    Long.parseLong(headMetrics.headers().get("content-length").get(0));
            assertTrue(length > metrics.body().length / 2, "a scrape's length, not " + length);

            Raw notAllowed = head(node, "/v1/test-event-pattern", TestNode.KEY);
            assertEquals(405, notAllowed.status(), "POST-only paths do not grow a HEAD");
            assertEquals(0, notAllowed.bodyBytes());
            assertEquals(List.of("POST"), notAllowed.headers().get("allow"));
            assertEquals(
                    List.of("application/problem+json"), notAllowed.headers().get("content-type"));
        }
    }

    /**
     * RFC 9110 14.2: range handling is defined for GET only, and a server MUST ignore a Range on
     * any other method. HEAD with a Range, even one GET refuses as unsatisfiable, is therefore
     * answered as GET without one: 200 with the whole file's length, no {@code Content-Range}.
     */
    @Test
    void headIgnoresARangeAsOnlyGetHasRanges(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api open = node.api().withKey(null);
            for (String path : List.of("/ui/", "/ui/console.css", "/ui/js/app.js")) {
                Api.Response whole = open.get(path);
                int length = whole.body().length;
                for (String range : List.of("bytes=0-9", "bytes=5-", "bytes=" + length + "-", "bytes=9-5")) {
                    assertSame(whole, head(node, path, null, "Range: " + range + "\r\n"), path + " with " + range);
                }
            }
        }
    }

    private static void assertSame(Api.Response get, Raw head, String path) {
        assertEquals(get.status(), head.status(), "HEAD " + path);
        assertEquals(0, head.bodyBytes(), "HEAD " + path + " sent a body");
        Map<String, List<String>> expected = new TreeMap<>();
        get.headers().map().forEach((name, values) -> {
            if (!PER_CONNECTION.contains(name.toLowerCase(Locale.ROOT))) {
                expected.put(name.toLowerCase(Locale.ROOT), values);
            }
        });
        assertTrue(expected.containsKey("content-length"), "GET " + path + " states its length");
        assertEquals(
                String.valueOf(get.body().length),
                expected.get("content-length").get(0),
                path);
        // The static files carry the time they were served: a second may pass between the two.
        if (expected.containsKey("date")) {
            assertEquals(1, head.headers().getOrDefault("date", List.of()).size(), "HEAD " + path + " date");
            expected.put("date", head.headers().get("date"));
        }
        assertEquals(expected, head.headers(), "HEAD " + path + " headers against GET's");
    }

    private static void assertSameForm(Api.Response get, Raw head, String path) {
        assertEquals(get.status(), head.status(), "HEAD " + path);
        assertEquals(0, head.bodyBytes(), "HEAD " + path + " sent a body");
        assertEquals(List.of(get.contentType()), head.headers().get("content-type"), path);
        assertEquals(
                get.headers().map().keySet().stream()
                        .map(name -> name.toLowerCase(Locale.ROOT))
                        .filter(name -> !PER_CONNECTION.contains(name))
                        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)),
                head.headers().keySet(),
                path);
        long length = Long.parseLong(head.headers().get("content-length").get(0));
        assertTrue(length > get.body().length / 2, path + ": a body's length, not " + length);
    }

    private static Raw head(TestNode node, String path, String key) throws IOException {
        return head(node, path, key, "");
    }

    /**
     * HEAD on its own connection, closed by the server after the answer: all it sent is read.
     * {@code extra} is more header lines, each ending in CRLF.
     */
    private static Raw head(TestNode node, String path, String key, String extra) throws IOException {
        try (Socket socket = RawHttp.open(node.node().port(), 10_000)) {
            RawHttp.send(
                    socket,
                    "HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                            + extra
                            + "Connection: close\r\n\r\n");
            String answer = RawHttp.readUntilClosed(socket);
            int end = answer.indexOf("\r\n\r\n");
            assertFalse(end < 0, "an answer head: " + answer);
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (!PER_CONNECTION.contains(name)) {
                    headers.computeIfAbsent(name, n -> new java.util.ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            return new Raw(status, headers, answer.length() - end - 4);
        }
    }
}
