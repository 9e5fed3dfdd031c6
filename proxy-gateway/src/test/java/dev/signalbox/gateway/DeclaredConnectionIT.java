package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Connections declared in the configuration file, used by the file's rules. */
@ExtendWith(VertxExtension.class)
class DeclaredConnectionIT {

    private static final String PASSWORD = "pw-declared-9f2c";
    private static final String CONFIG =
            """
            connections:
              crm:
                authorization: {type: basic, username: bus, password: "%s"}
                headers: {x-tenant: acme}
            buses:
              orders:
                flush: sync
                rules:
                  created:
                    pattern: {type: [order.created]}
                    targets: [{id: hook, type: webhook, url: "%s", connection: %s}]
            """;

    @Test
    void aDeclaredConnectionAuthenticatesDeliveriesAndAMissingOneIsAProblem(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (Receiver receiver = Receiver.accepting(vertx)) {
            Path file = dir.resolve("signalbox.yaml");
            write(file, CONFIG.formatted(PASSWORD, receiver.url(), "crm"));
            Path data = dir.resolve("data");
            try (TestNode node = TestNode.withConfigFile(vertx, data, file)) {
                Api api = node.api();
                Api.Response connection = api.get("/v1/connections/crm");
                assertEquals(200, connection.status());
                assertEquals(
                        "****", connection.json().at("/authorization/password").textValue());
                assertFalse(connection.text().contains(PASSWORD));

                Api.Response posted = api.postEvent(
                        "orders", BinaryEvent.text("1", "x").withSource("/shop").withType("order.created"));
                assertEquals(202, posted.status());
                Eventually.await(
                        Duration.ofSeconds(10), () -> receiver.delivered().size() == 1, () -> "a delivery");
                String basic = Base64.getEncoder().encodeToString(("bus:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                assertEquals("Basic " + basic, receiver.delivered().get(0).header("authorization"));
                assertEquals("acme", receiver.delivered().get(0).header("x-tenant"));

                // A rule naming a connection that is nowhere is refused; the running one stays.
                write(file, CONFIG.formatted(PASSWORD, receiver.url(), "nowhere"));
                Eventually.await(
                        Duration.ofSeconds(5),
                        () -> api.get("/v1/config").json().has("error"),
                        () -> "the missing connection to be reported");
                JsonNode problem = api.get("/v1/config").json().at("/error/problems/0");
                assertEquals(
                        "/buses/orders/rules/created/targets/0/connection",
                        problem.get("pointer").textValue());
                assertEquals(
                        "crm",
                        api.get("/v1/buses/orders/rules/created")
                                .json()
                                .at("/targets/0/connection")
                                .textValue());
            }
            try (Stream<Path> files = Files.walk(data)) {
                for (Path stored : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(
                            new String(Files.readAllBytes(stored), StandardCharsets.ISO_8859_1).contains(PASSWORD),
                            stored + " holds the password in clear");
                }
            }
        }
    }

    /** Replaces the file the way editors do: write a sibling, then rename over it. */
    private static void write(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
