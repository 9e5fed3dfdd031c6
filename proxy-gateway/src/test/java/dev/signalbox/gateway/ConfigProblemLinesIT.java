package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Problems the node finds after a file has parsed (a stored schema version the file rewrites, a
 * target naming a connection nobody declared) are placed at their line and column like the
 * parser's own, all of them at once, and the broken edit changes nothing.
 */
@ExtendWith(VertxExtension.class)
class ConfigProblemLinesIT {

    private static final String GOOD =
            """
            registries:
              shop:
                schemas:
                  order:
                    versions:
                      - {type: object}
            buses:
              orders:
                rules:
                  gold:
                    pattern: {type: [order.created]}
                    targets:
                      - {id: crm, type: webhook, url: "http://127.0.0.1:9/hook"}
            """;

    @Test
    void problemsFoundAfterParsingSayTheirLine(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        write(file, GOOD);
        try (TestNode node = TestNode.withConfigFile(vertx, dir.resolve("data"), file)) {
            Api api = node.api();
            String rules = api.get("/v1/buses/orders/rules").text();

            write(
                    file,
                    GOOD.replace("- {type: object}", "- {type: array}")
                            .replace(
                                    "url: \"http://127.0.0.1:9/hook\"}",
                                    "url: \"http://127.0.0.1:9/hook\", connection: nobody}"));
            Eventually.await(
                    Duration.ofSeconds(2),
                    () -> api.get("/v1/config").json().has("error"),
                    () -> "the broken edit to be reported");
            JsonNode problems = api.get("/v1/config").json().at("/error/problems");
            Map<String, String> where = new TreeMap<>();
            problems.forEach(p -> where.put(
                    p.get("pointer").asText(),
                    p.get("line").asInt() + ":" + p.get("column").asInt()));
            assertEquals(
                    Map.of(
                            "/registries/shop/schemas/order/versions/0", "6:13",
                            "/buses/orders/rules/gold/targets/0/connection", "13:70"),
                    where,
                    problems.toString());
            assertEquals(rules, api.get("/v1/buses/orders/rules").text(), "the running rules stay");
        }
    }

    /** Replaces the file the way editors do: write a sibling, then rename over it. */
    private static void write(Path file, String content) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
