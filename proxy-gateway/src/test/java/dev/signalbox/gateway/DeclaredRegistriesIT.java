package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Schema registries, their schemas and versions declared in the YAML file: applied before the
 * buses that enforce them, new versions registered in order, and a file that rewrites a stored
 * version or adds one the compatibility mode refuses changes nothing and says where.
 */
@ExtendWith(VertxExtension.class)
class DeclaredRegistriesIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    // Closed content models: adding an optional member is then BACKWARD compatible.
    private static final String V1 =
            "{type: object, additionalProperties: false, required: [id], properties: {id: {type: string}}}";
    private static final String V2 = "{type: object, additionalProperties: false, required: [id],"
            + " properties: {id: {type: string}, note: {type: string}}}";
    private static final String CONFIG =
            """
            registries:
              shop:
                compatibility: BACKWARD
                schemas:
                  order:
                    description: An order
                    tags: [orders]
                    versions:
            %s
            buses:
              orders:
                schemaEnforcement: reject
                registry: shop
                schemas: [{type: order.created, schema: order}]
            """;

    @Test
    void registriesAreDeclaredVersionedAndEnforced(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        write(file, versions(V1));
        try (TestNode node = TestNode.withConfigFile(vertx, dir.resolve("data"), file)) {
            Api api = node.api();
            JsonNode schema = api.get("/v1/registries/shop/schemas/order").json();
            assertEquals(1, schema.get("latestVersion").asInt(), schema.toString());
            assertEquals("An order", schema.get("description").asText());
            assertEquals(
                    "BACKWARD",
                    api.get("/v1/registries/shop").json().get("compatibility").asText());
            assertEquals(422, post(api, "e1", "{\"note\":\"no id\"}").status(), "the bus enforces the declared schema");
            assertEquals(202, post(api, "e2", "{\"id\":\"1\"}").status());

            // A second version is appended and registered.
            write(file, versions(V1, V2));
            Eventually.await(
                    WAIT,
                    () -> api.get("/v1/registries/shop/schemas/order")
                                    .json()
                                    .get("latestVersion")
                                    .asInt()
                            == 2,
                    () -> "version 2 registered: " + api.get("/v1/config").text());

            // Rewriting a stored version changes nothing and is named.
            write(file, versions(V2, V2.replace("note", "memo")));
            awaitProblemAt(api, "/registries/shop/schemas/order/versions/0");
            assertEquals(
                    2,
                    api.get("/v1/registries/shop/schemas/order")
                            .json()
                            .get("latestVersion")
                            .asInt());

            // A version BACKWARD refuses (a new required member) changes nothing and is named.
            write(file, versions(V1, V2, V2.replace("required: [id]", "required: [id, note]")));
            awaitProblemAt(api, "/registries/shop/schemas/order/versions/2");
            assertEquals(
                    2,
                    api.get("/v1/registries/shop/schemas/order")
                            .json()
                            .get("latestVersion")
                            .asInt());
        }
    }

    @Test
    void anInvalidSchemaStopsTheStartWithItsLine(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        write(file, versions("{type: 12}"));
        Exception refused =
                assertThrows(Exception.class, () -> TestNode.withConfigFile(vertx, dir.resolve("data"), file)
                        .close());
        assertTrue(
                refused.getMessage().contains("/registries/shop/schemas/order/versions/0/type"), refused.getMessage());
        assertTrue(refused.getMessage().contains("line 9"), refused.getMessage());
    }

    private static String versions(String... versions) {
        StringBuilder list = new StringBuilder();
        for (String v : versions) {
            list.append("          - ").append(v).append('\n');
        }
        return CONFIG.formatted(list.toString().stripTrailing());
    }

    private static void awaitProblemAt(Api api, String pointer) {
        Eventually.await(
                WAIT,
                () -> api.get("/v1/config").text().contains("\"pointer\":\"" + pointer),
                () -> "a problem at " + pointer + ": " + api.get("/v1/config").text());
    }

    private static Api.Response post(Api api, String id, String data) {
        return api.postEvent(
                "orders", BinaryEvent.json(id, data).withSource("/s").withType("order.created"));
    }

    /** Replaces the file in one step, as editors do, so the watcher never reads half of it. */
    private static void write(Path file, String content) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
