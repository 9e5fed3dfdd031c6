package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event whose {@code dataschema} is the bus registry's own version URL but names a schema or
 * version the registry does not hold: refused 422 {@code event.schema-unknown} at {@code
 * /dataschema} under {@code reject} (HTTP, batch entries, gRPC), marked under {@code flag}. Before,
 * it passed as if no schema covered it.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnknownDataschemaIT {

    private static final String VALID =
            "{\"id\":\"3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41\",\"amount\":12,\"currency\":\"EUR\"}";
    private static final String OWN = "http://signalbox.local/v1/registries/shop/schemas/";
    private static final String NO_SCHEMA = OWN + "no-such-schema/versions/1";
    private static final String NO_VERSION = OWN + "order-placed/versions/9";

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/registries/shop", "{}").status());
        assertEquals(
                201,
                SchemaRegistryIT.post(api, "/v1/registries/shop/schemas/order-placed/versions", SchemaRegistryIT.V1)
                        .status());
        assertEquals(
                201,
                api.put("/v1/buses/strict", "{\"schemaEnforcement\":\"reject\",\"registry\":\"shop\"}")
                        .status());
        assertEquals(
                201,
                api.put("/v1/buses/lenient", "{\"schemaEnforcement\":\"flag\",\"registry\":\"shop\"}")
                        .status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    @Test
    void rejectRefusesAnOwnUrlNamingAMissingSchemaOrVersion() {
        for (String dataschema : Set.of(NO_SCHEMA, NO_VERSION, OWN + "no-such-schema/versions/latest")) {
            Api.Response refused = structured("strict", "r-" + dataschema.hashCode(), dataschema);
            assertEquals(422, refused.status(), dataschema + ": " + refused.text());
            assertEquals("event.schema-unknown", refused.json().get("code").asText());
            assertEquals(
                    Set.of("/dataschema"),
                    SchemaRegistryIT.pointers(refused.json().get("errors")),
                    refused.text());
            assertEquals(
                    404,
                    api.get("/v1/buses/strict/events/r-" + dataschema.hashCode())
                            .status());
        }
        String detail = structured("strict", "r-detail", NO_VERSION)
                .json()
                .get("errors")
                .get(0)
                .get("detail")
                .asText();
        assertTrue(detail.contains("version 9") && detail.contains("latest version is 1"), detail);

        assertEquals(
                202,
                structured("strict", "r-ok", OWN + "order-placed/versions/1").status(),
                "it exists");
        assertEquals(
                202,
                structured("strict", "r-other", "http://x/v1/registries/elsewhere/schemas/s/versions/1")
                        .status(),
                "another registry's URL is not this registry's to judge");
        assertEquals(
                202,
                structured("strict", "r-plain", "https://schemas.example.com/x.json")
                        .status());
    }

    @Test
    void batchEntriesAreRefusedOneByOne() {
        String batch = "[" + entry("b-ok", null) + "," + entry("b-unknown", NO_SCHEMA) + "]";
        Api.Response response =
                api.post("/v1/buses/strict/events", "application/cloudevents-batch+json", bytes(batch), Map.of());
        assertEquals(200, response.status(), response.text());
        assertEquals(1, response.json().get("failedEntryCount").asInt());
        JsonNode failed = response.json().get("entries").get(1);
        assertEquals("event.schema-unknown", failed.get("errorCode").asText());
        assertTrue(failed.get("errorMessage").asText().contains("/dataschema"), failed.toString());
        assertEquals(200, api.get("/v1/buses/strict/events/b-ok").status());
    }

    @Test
    void grpcRefusesTheSameWay(Vertx vertx) throws Exception {
        try (GrpcPublisher grpc = new GrpcPublisher(vertx, node.grpcPort())) {
            PublishRequest request = PublishRequest.newBuilder()
                    .setBus("strict")
                    .addEvents(proto("g-unknown", NO_VERSION))
                    .build();
            PublishResponse response = grpc.publish(request).response();
            assertEquals(1, response.getFailedEntryCount());
            assertEquals(
                    "event.schema-unknown", response.getResults(0).getError().getCode());
            assertEquals(3, response.getResults(0).getError().getGrpcStatus(), "INVALID_ARGUMENT");
            assertEquals(
                    "/dataschema",
                    response.getResults(0).getError().getViolations(0).getPointer());
        }
    }

    @Test
    void flagStoresAndMarksIt() {
        assertEquals(202, structured("lenient", "f-unknown", NO_SCHEMA).status());
        JsonNode stored = api.get("/v1/buses/lenient/events/f-unknown").json();
        assertTrue(stored.get("sbschemaerrors").asText().startsWith("/dataschema: "), stored.toString());
        assertEquals("shop/no-such-schema/1", stored.get("sbschema").asText());
        assertEquals(
                202,
                structured("lenient", "f-known", OWN + "order-placed/versions/1")
                        .status());
        assertFalse(api.get("/v1/buses/lenient/events/f-known").json().has("sbschemaerrors"));
    }

    private Api.Response structured(String bus, String id, String dataschema) {
        return api.post(
                "/v1/buses/" + bus + "/events", "application/cloudevents+json", bytes(entry(id, dataschema)), Map.of());
    }

    private static String entry(String id, String dataschema) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/shop\",\"type\":\"order.placed\","
                + (dataschema == null ? "" : "\"dataschema\":\"" + dataschema + "\",")
                + "\"datacontenttype\":\"application/json\",\"data\":" + VALID + "}";
    }

    private static CloudEvent proto(String id, String dataschema) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource("/shop")
                .setType("order.placed")
                .putAttributes(
                        "dataschema",
                        CloudEventAttributeValue.newBuilder()
                                .setCeUri(dataschema)
                                .build())
                .putAttributes(
                        "datacontenttype",
                        CloudEventAttributeValue.newBuilder()
                                .setCeString("application/json")
                                .build())
                .setTextData(VALID)
                .build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
