package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path the node serves answers a method it does not serve with a 405 problem carrying an
 * {@code Allow} header (RFC 9110 15.5.6) that lists at least the methods of that path's routes, and
 * only methods that are served there: each one listed, sent to the same path, is not a 405. HEAD
 * is listed exactly where GET is.
 */
@ExtendWith(VertxExtension.class)
class MethodNotAllowedIT {

    @Test
    void every405SaysWhichMethodsThePathServes(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            Map<String, Set<String>> byPath = new TreeMap<>();
            for (String route : node.node().servedRoutes()) {
                String[] parts = route.split(" ", 2);
                byPath.computeIfAbsent(parts[1], p -> new TreeSet<>()).add(parts[0]);
            }
            assertTrue(byPath.size() > 20, "the node's routes: " + byPath);
            for (Map.Entry<String, Set<String>> entry : byPath.entrySet()) {
                String path = entry.getKey().replaceAll(":[A-Za-z]+", "x");
                Api.Response refused = send(api, "PATCH", path);
                assertEquals(405, refused.status(), "PATCH " + path + ": " + refused.text());
                assertEquals("application/problem+json", refused.contentType());
                assertEquals("method.not-allowed", refused.json().get("code").asText());
                String allow = refused.headers().firstValue("allow").orElse("");
                Set<String> allowed = Arrays.stream(allow.split(","))
                        .map(String::trim)
                        .filter(m -> !m.isEmpty())
                        .collect(Collectors.toCollection(TreeSet::new));
                assertTrue(
                        allowed.containsAll(entry.getValue()),
                        path + " serves " + entry.getValue() + " but Allow says '" + allow + "'");
                assertEquals(
                        allowed.contains("GET"),
                        allowed.contains("HEAD"),
                        "HEAD is served exactly where GET is (RFC 9110 9.3.2): " + path + " allows " + allow);
                for (String method : allowed) {
                    assertNotEquals(405, send(api, method, path).status(), method + " " + path + " is in Allow");
                }
            }

            Api.Response contract = send(api, "PUT", "/v1/openapi.json");
            assertEquals(405, contract.status(), "served (public) before the catch-all /v1/* routes");
            assertEquals("GET, HEAD", contract.headers().firstValue("allow").orElse(""));
            Api.Response nothing = send(api, "PATCH", "/v1/nothing-here");
            assertEquals(404, nothing.status());
            assertEquals("route.not-found", nothing.json().get("code").asText());

            Api.Response wrong = api.delete("/v1/test-event-pattern");
            assertEquals(405, wrong.status());
            assertEquals("POST", wrong.headers().firstValue("allow").orElse(""));
            Api.Response bus = send(api, "POST", "/v1/buses/b");
            assertEquals(
                    "DELETE, GET, HEAD, PUT", bus.headers().firstValue("allow").orElse(""), bus.text());
            Api.Response slash = send(api, "POST", "/v1/buses/b/");
            assertEquals(405, slash.status(), "Vert.x ignores a trailing slash");
            assertEquals(
                    "DELETE, GET, HEAD, PUT",
                    slash.headers().firstValue("allow").orElse(""));
        }
    }

    private static Api.Response send(Api api, String method, String path) {
        return api.send(api.request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }
}
