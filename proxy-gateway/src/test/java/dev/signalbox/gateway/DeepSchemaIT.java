package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema validator recurses without a bound of its own. An event whose data nests about a
 * thousand levels under a recursive schema overflowed the event loop's stack: the error escaped,
 * the request was never answered (held until the idle timeout) and the log said "Unhandled
 * exception". A schema whose check never ends ({"$ref": "#"}) or nests too deeply answered 500.
 * Now the first is the event's violation (422 under reject, flagged under flag), the others are
 * refused as invalid schemas, and the node keeps serving.
 */
@ExtendWith(VertxExtension.class)
class DeepSchemaIT {

    /**
     * A tree of objects under "c", each level wrapped in allOf four times: many validator frames
     * per level, so that 990 levels overflow a 1 MiB stack however the JIT has compiled them.
     */
    private static final String TREE = "{\"schema\": {\"$defs\": {\"node\": "
            + "{\"allOf\": [".repeat(4)
            + "{\"type\": \"object\", \"properties\": {\"c\": {\"$ref\": \"#/$defs/node\"}}}"
            + "]}".repeat(4)
            + "}, \"$ref\": \"#/$defs/node\"}}";

    @Test
    void deepDataAndEndlessSchemasAreProblemsNotFailures(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/registries/shop", "{}").status());
            Api.Response tree = SchemaRegistryIT.post(api, "/v1/registries/shop/schemas/tree/versions", TREE);
            assertEquals(201, tree.status(), tree.text());
            String mapping = "\"registry\": \"shop\", \"schemas\": [{\"type\": \"tree\", \"schema\": \"tree\"}]";
            assertEquals(
                    201,
                    api.put("/v1/buses/strict", "{\"schemaEnforcement\": \"reject\", " + mapping + "}")
                            .status());
            assertEquals(
                    201,
                    api.put("/v1/buses/lenient", "{\"schemaEnforcement\": \"flag\", " + mapping + "}")
                            .status());

            String deep = "{\"c\": ".repeat(990) + "{}" + "}".repeat(990);
            Api.Response refused = post(api, "strict", "deep-1", deep);
            assertEquals(422, refused.status(), refused.text());
            assertEquals("event.schema-violation", refused.json().get("code").asText());
            assertEquals(
                    "/data", refused.json().get("errors").get(0).get("pointer").asText());
            assertTrue(refused.text().contains("too deeply"), refused.text());
            assertEquals(404, api.get("/v1/buses/strict/events/deep-1").status(), "a refused event is not stored");

            Api.Response flagged = post(api, "lenient", "deep-2", deep);
            assertEquals(202, flagged.status(), flagged.text());
            Api.Response stored = api.get("/v1/buses/lenient/events/deep-2");
            assertEquals(200, stored.status());
            assertTrue(stored.json().get("sbschemaerrors").asText().contains("too deeply"), "flagged");

            assertEquals(
                    202, post(api, "strict", "shallow", "{\"c\": {\"c\": {}}}").status(), "keeps serving");

            for (String endless : new String[] {
                "{\"schema\": {\"$ref\": \"#\"}}",
                "{\"schema\": " + "{\"items\": ".repeat(900) + "{}" + "}".repeat(900) + "}"
            }) {
                Api.Response refusedSchema =
                        SchemaRegistryIT.post(api, "/v1/registries/shop/schemas/endless/versions", endless);
                assertEquals(400, refusedSchema.status(), refusedSchema.text());
                assertEquals("schema.invalid", refusedSchema.json().get("code").asText());
                assertEquals(
                        "/schema",
                        refusedSchema.json().get("errors").get(0).get("pointer").asText());
            }
        }
    }

    private static Api.Response post(Api api, String bus, String id, String data) {
        String event = "{\"specversion\": \"1.0\", \"id\": \"" + id + "\", \"source\": \"/s\", \"type\": \"tree\","
                + " \"datacontenttype\": \"application/json\", \"data\": " + data + "}";
        return api.post(
                "/v1/buses/" + bus + "/events",
                "application/cloudevents+json",
                event.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }
}
