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
 * exception"; then a caught overflow refused it, at a depth that depended on the thread's stack.
 * Now data is checked only up to a fixed depth, 128 levels of objects and arrays, counted before
 * the validator runs: 128 levels are validated, 129 are refused with {@code event.data-too-deep}
 * (422 under reject, flagged under flag) pointing at the first container past the bound. A schema
 * whose check never ends ({"$ref": "#"}) or nests too deeply is refused as an invalid schema, and
 * the node keeps serving.
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

    /** The tree schema in registry "shop", and buses "strict" (reject) and "lenient" (flag) checking it. */
    private static void treeBuses(Api api) {
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
    }

    @Test
    void deepDataAndEndlessSchemasAreProblemsNotFailures(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            treeBuses(api);

            assertEquals(
                    202,
                    post(api, "strict", "at-bound", nested(128)).status(),
                    "128 levels are checked against the schema");
            Api.Response invalidAtBound =
                    post(api, "strict", "bad-at-bound", nested(127).replace("{}", "{\"c\": 1}"));
            assertEquals(422, invalidAtBound.status(), "and a violation 128 levels down is found");
            assertEquals(
                    "event.schema-violation", invalidAtBound.json().get("code").asText());
            assertEquals(
                    "/data" + "/c".repeat(127),
                    invalidAtBound.json().get("errors").get(0).get("pointer").asText());

            String past = "/data" + "/c".repeat(128);
            for (int levels : new int[] {129, 990}) {
                Api.Response refused = post(api, "strict", "deep-" + levels, nested(levels));
                assertEquals(422, refused.status(), refused.text());
                assertEquals("application/problem+json", refused.contentType());
                assertEquals("event.data-too-deep", refused.json().get("code").asText());
                assertEquals(
                        "urn:signalbox:problem:event.data-too-deep",
                        refused.json().get("type").asText());
                assertTrue(refused.json().get("detail").asText().contains("deeper than 128 levels"), refused.text());
                assertEquals(1, refused.json().get("errors").size());
                assertEquals(
                        past, refused.json().get("errors").get(0).get("pointer").asText());
                assertEquals(
                        404,
                        api.get("/v1/buses/strict/events/deep-" + levels).status(),
                        "a refused event is not stored");
            }
            String batch = "[" + event("b-ok", "{\"c\": {}}") + ", " + event("b-deep", nested(129)) + "]";
            Api.Response entries = api.post(
                    "/v1/buses/strict/events",
                    "application/cloudevents-batch+json",
                    batch.getBytes(StandardCharsets.UTF_8),
                    Map.of());
            assertEquals(200, entries.status(), entries.text());
            assertEquals(1, entries.json().get("failedEntryCount").asInt(), entries.text());
            assertEquals(
                    "event.data-too-deep",
                    entries.json().get("entries").get(1).get("errorCode").asText());

            Api.Response flagged = post(api, "lenient", "deep-2", nested(990));
            assertEquals(202, flagged.status(), flagged.text());
            Api.Response stored = api.get("/v1/buses/lenient/events/deep-2");
            assertEquals(200, stored.status());
            assertTrue(
                    stored.json()
                            .get("sbschemaerrors")
                            .asText()
                            .startsWith(past + ": is an object or array 129 levels"),
                    "flagged: " + stored.json().get("sbschemaerrors"));

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

    /**
     * Data nested past the 1,000 levels a JSON document may nest: binary mode does not parse it at
     * ingest, so on a bus with a schema it is counted from its bytes and is too deep to check, as
     * in structured mode, not "must be JSON data"; structured and batch mode cannot parse the body
     * at all, and say so naming the bound. No mode answers a 5xx.
     */
    @Test
    void dataPastTheParsersBoundIsNamedTheSameInEveryMode(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            treeBuses(api);
            assertEquals(201, api.put("/v1/buses/plain", "{}").status());
            String past = "/data" + "/c".repeat(128);

            for (int levels : new int[] {1000, 1001, 5000}) {
                Api.Response refused = binary(api, "strict", "bin-" + levels, nested(levels));
                assertEquals(422, refused.status(), levels + " levels: " + refused.text());
                assertEquals("application/problem+json", refused.contentType());
                assertEquals("event.data-too-deep", refused.json().get("code").asText());
                assertTrue(refused.json().get("detail").asText().contains("deeper than 128 levels"), refused.text());
                assertEquals(
                        past, refused.json().get("errors").get(0).get("pointer").asText());
            }
            assertEquals(
                    202, binary(api, "lenient", "bin-flagged", nested(1001)).status());
            assertTrue(
                    api.get("/v1/buses/lenient/events/bin-flagged")
                            .json()
                            .get("sbschemaerrors")
                            .asText()
                            .startsWith(past + ": is an object or array 129 levels"),
                    "flagged as too deep to check");
            Api.Response notJson = binary(api, "strict", "bin-broken", "{\"c\": {broken");
            assertEquals(422, notJson.status(), notJson.text());
            assertEquals("event.schema-violation", notJson.json().get("code").asText(), "not JSON is still that");
            assertEquals(
                    202,
                    binary(api, "plain", "bin-plain", nested(1001)).status(),
                    "without a schema the bytes are the producer's");

            String tooDeep = "objects and arrays nest deeper than 1000 levels, the most Signalbox reads in one JSON"
                    + " document";
            // The event's object is the first level: data of 1,000 levels is the 1,001st.
            Api.Response structured = post(api, "plain", "st-deep", nested(1000));
            assertEquals(400, structured.status(), structured.text());
            assertEquals("event.malformed", structured.json().get("code").asText());
            assertTrue(structured.json().get("detail").asText().contains(tooDeep), structured.text());
            Api.Response batch = api.post(
                    "/v1/buses/plain/events",
                    "application/cloudevents-batch+json",
                    ("[" + event("b-deep", nested(999)) + "]").getBytes(StandardCharsets.UTF_8),
                    Map.of());
            assertEquals(400, batch.status(), batch.text());
            assertEquals("event.malformed", batch.json().get("code").asText());
            assertTrue(batch.json().get("detail").asText().contains(tooDeep), batch.text());
        }
    }

    private static Api.Response binary(Api api, String bus, String id, String data) {
        return api.postEvent(bus, BinaryEvent.json(id, data).withSource("/s").withType("tree"));
    }

    /** Objects nested {@code levels} deep under "c": {@code {"c": {"c": {}}}} is three. */
    private static String nested(int levels) {
        return "{\"c\": ".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }

    private static String event(String id, String data) {
        return "{\"specversion\": \"1.0\", \"id\": \"" + id + "\", \"source\": \"/s\", \"type\": \"tree\","
                + " \"datacontenttype\": \"application/json\", \"data\": " + data + "}";
    }

    private static Api.Response post(Api api, String bus, String id, String data) {
        return api.post(
                "/v1/buses/" + bus + "/events",
                "application/cloudevents+json",
                event(id, data).getBytes(StandardCharsets.UTF_8),
                Map.of());
    }
}
