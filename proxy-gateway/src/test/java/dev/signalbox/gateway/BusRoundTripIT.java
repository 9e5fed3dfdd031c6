package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus's GET form can be put back unchanged: its read-only members ({@code name}, {@code
 * createdAt}) are accepted when they agree with the resource, and a {@code name} that
 * contradicts the path is a 400 naming {@code /name}.
 */
@ExtendWith(VertxExtension.class)
class BusRoundTripIT {

    private static final String FULL =
            """
            {"description": "every setting", "flush": "sync", "schemaEnforcement": "reject", "registry": "shop",
             "schemas": [{"type": "order.created", "source": "/shop", "schema": "order", "version": 1},
                         {"dataschema": "https://example.com/order.json", "schema": "order"}],
             "discovery": "on", "deduplication": "on", "deduplicationWindowSeconds": 120,
             "limits": {"maxEventBytes": 65536, "maxBatchEntries": 100, "maxBatchBytes": 1048576, "maxHeaderBytes": 8192}}
            """;

    @Test
    void theGetFormOfABusPutsBackUnchanged(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/registries/shop", "{}").status());
            Api.Response version = SchemaRegistryIT.post(
                    api, "/v1/registries/shop/schemas/order/versions", "{\"schema\":{\"type\":\"object\"}}");
            assertEquals(201, version.status(), version.text());
            Api.Response created = api.put("/v1/buses/full", FULL);
            assertEquals(201, created.status(), created.text());
            assertEquals(201, api.put("/v1/buses/plain", "{}").status());

            for (String bus : new String[] {"full", "plain"}) {
                JsonNode before = api.get("/v1/buses/" + bus).json();
                Api.Response again = api.put("/v1/buses/" + bus, before.toString());
                assertEquals(200, again.status(), again.text());
                assertEquals(before, again.json(), "the answer to the round trip is the bus as it was");
                assertEquals(before, api.get("/v1/buses/" + bus).json(), "the bus is unchanged");
            }
            JsonNode full = api.get("/v1/buses/full").json();
            assertEquals(8192, full.at("/limits/maxHeaderBytes").asInt(), full.toString());
            assertEquals(120, full.path("deduplicationWindowSeconds").asInt(), full.toString());

            // createdAt is the server's: another value is ignored, the bus keeps its own.
            ObjectNode older = full.deepCopy();
            older.put("createdAt", "2020-01-01T00:00:00Z");
            Api.Response ignored = api.put("/v1/buses/full", older.toString());
            assertEquals(200, ignored.status(), ignored.text());
            assertEquals(full, api.get("/v1/buses/full").json());

            // A name that contradicts the path is refused, naming the member; nothing changes.
            Api.Response renamed = api.put("/v1/buses/plain", full.toString());
            assertEquals(400, renamed.status(), renamed.text());
            assertEquals("request.invalid", renamed.json().path("code").asText(), renamed.text());
            assertEquals(Set.of("/name"), pointers(renamed.json()));
            assertEquals(
                    "", api.get("/v1/buses/plain").json().path("description").asText());

            // A GET form put under a new name, with the name taken out, makes a copy.
            ObjectNode copy = full.deepCopy();
            copy.remove("name");
            Api.Response copied = api.put("/v1/buses/copy", copy.toString());
            assertEquals(201, copied.status(), copied.text());
            ObjectNode expected = full.deepCopy();
            expected.put("name", "copy").set("createdAt", copied.json().get("createdAt"));
            assertEquals(expected, copied.json());
        }
    }

    private static Set<String> pointers(JsonNode problem) {
        Set<String> pointers = new TreeSet<>();
        problem.path("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
        return pointers;
    }
}
