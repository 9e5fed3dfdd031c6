package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Buses and rules declared in a YAML file, applied at start and whenever the file changes. */
@ExtendWith(VertxExtension.class)
class DeclarativeConfigIT {

    private static final String CONFIG =
            """
            buses:
              orders:
                flush: sync
                rules:
                  created:
                    pattern: {type: [order.created]}
                    targets: [{id: hook, type: webhook, url: "%s"}]
            """;

    @Test
    void goodEditsTakeEffectAndBrokenOnesChangeNothing(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver receiver = Receiver.accepting(vertx)) {
            Path file = dir.resolve("signalbox.yaml");
            write(file, CONFIG.formatted(receiver.url()));
            try (TestNode node = TestNode.withConfigFile(vertx, dir.resolve("data"), file)) {
                Api api = node.api();
                assertEquals(
                        "sync", api.get("/v1/buses/orders").json().get("flush").asText());
                post(api, "order.created", "1");
                Eventually.await(
                        Duration.ofSeconds(10), () -> receiver.delivered().size() == 1, () -> "first delivery");

                // A good edit: the rule now matches cancellations instead, and a second rule appears.
                write(
                        file,
                        CONFIG.formatted(receiver.url()).replace("order.created", "order.cancelled")
                                + """
                              all:
                                pattern: {source: [/shop]}
                                targets: [{id: hook, type: webhook, url: "%s"}]
                        """
                                        .formatted(receiver.url()));
                // The watcher applies a file rule by rule, so wait for the whole edit, not its first part.
                Eventually.await(
                        Duration.ofSeconds(2),
                        () -> api.get("/v1/buses/orders/rules/all").status() == 200
                                && api.get("/v1/buses/orders/rules/created")
                                        .json()
                                        .at("/pattern/type/0")
                                        .asText()
                                        .equals("order.cancelled"),
                        () -> "the whole edit to take effect within 2 s");

                // A broken edit: nothing changes, and the problem is reported with its line.
                String beforeBroken = api.get("/v1/buses/orders/rules").text();
                write(
                        file,
                        CONFIG.formatted(receiver.url()).replace("{type: [order.created]}", "{type: order.created}"));
                Eventually.await(
                        Duration.ofSeconds(2),
                        () -> api.get("/v1/config").json().has("error"),
                        () -> "the broken file to be reported");
                JsonNode error = api.get("/v1/config").json().get("error");
                JsonNode problem = error.get("problems").get(0);
                assertEquals(
                        "/buses/orders/rules/created/pattern/type",
                        problem.get("pointer").asText());
                assertEquals(6, problem.get("line").asInt(), error.toString());
                assertEquals(beforeBroken, api.get("/v1/buses/orders/rules").text(), "the running rules stay");
                post(api, "order.cancelled", "2");
                Eventually.await(
                        Duration.ofSeconds(10),
                        () -> receiver.delivered().size() == 3,
                        () -> "routing goes on by the last good file: both rules match event 2");

                // Removing the bus from the file deletes it; a bus made through the API stays.
                assertEquals(201, api.put("/v1/buses/manual", "{}").status());
                write(file, "buses: {}\n");
                Eventually.await(
                        Duration.ofSeconds(2),
                        () -> api.get("/v1/buses/orders").status() == 404,
                        () -> "the bus the file no longer declares to go");
                assertEquals(200, api.get("/v1/buses/manual").status());
                assertTrue(!api.get("/v1/config").json().has("error"));
            }
            assertEquals(
                    2,
                    receiver.delivered().stream()
                            .filter(r -> BinaryMode.decode(r.header("ce-id")).equals("2"))
                            .count());
        }
    }

    @Test
    void aBrokenFileStopsTheNodeFromStarting(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        write(file, "buses:\n  orders:\n    flush: sometimes\n");
        Exception e = assertThrows(Exception.class, () -> TestNode.withConfigFile(vertx, dir.resolve("data"), file));
        assertTrue(String.valueOf(e.getMessage()).contains("line 3"), String.valueOf(e.getMessage()));
    }

    private static void post(Api api, String type, String id) {
        Api.Response response = api.postEvent(
                "orders", BinaryEvent.text(id, "x").withSource("/shop").withType(type));
        assertEquals(202, response.status(), response.text());
    }

    /** Replaces the file the way editors do: write a sibling, then rename over it. */
    private static void write(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
