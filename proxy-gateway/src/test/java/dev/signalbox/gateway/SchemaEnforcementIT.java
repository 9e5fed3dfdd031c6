package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import dev.signalbox.api.grpc.v1.PublishResult;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema enforcement at ingest over a real node: {@code reject} answers 422 listing every
 * violation under {@code /data}, {@code flag} stores the event marked with {@code sbschemaerrors}
 * and counts it, in single, batched and gRPC publishing alike.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaEnforcementIT {

    private static final String VALID =
            "{\"id\":\"3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41\",\"amount\":12,\"currency\":\"EUR\"}";
    private static final String INVALID =
            "{\"id\":\"not-a-uuid\",\"amount\":\"12\",\"currency\":\"JPY\",\"extra\":true}";

    private TestNode node;
    private Api api;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        api = node.api();
        assertEquals(201, api.put("/v1/registries/shop", "{}").status());
        Api.Response v1 =
                SchemaRegistryIT.post(api, "/v1/registries/shop/schemas/order-placed/versions", SchemaRegistryIT.V1);
        assertEquals(201, v1.status(), v1.text());
        String mapping = "\"registry\":\"shop\",\"schemas\":[{\"type\":\"order.placed\",\"schema\":\"order-placed\"},"
                + "{\"dataschema\":\"https://schemas.example.com/order.json\",\"schema\":\"order-placed\",\"version\":1}]";
        assertEquals(
                201,
                api.put("/v1/buses/strict", "{\"schemaEnforcement\":\"reject\"," + mapping + "}")
                        .status());
        assertEquals(
                201,
                api.put("/v1/buses/lenient", "{\"schemaEnforcement\":\"flag\"," + mapping + "}")
                        .status());
        assertEquals(
                201,
                api.put("/v1/buses/open", "{\"schemaEnforcement\":\"off\"," + mapping + "}")
                        .status());
    }

    @AfterAll
    void stop() throws Exception {
        node.close();
    }

    private Api.Response structured(String bus, String id, String type, String data, String extra) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/shop\",\"type\":\"" + type + "\","
                + "\"datacontenttype\":\"application/json\"" + extra + ",\"data\":" + data + "}";
        return api.post("/v1/buses/" + bus + "/events", "application/cloudevents+json", bytes(event), Map.of());
    }

    @Test
    void rejectAnswers422ListingEveryViolation() {
        Api.Response refused = structured("strict", "r-1", "order.placed", INVALID, "");
        assertEquals(422, refused.status(), refused.text());
        assertEquals("event.schema-violation", refused.json().get("code").asText());
        assertEquals(
                "urn:signalbox:problem:event.schema-violation",
                refused.json().get("type").asText());
        Set<String> pointers = SchemaRegistryIT.pointers(refused.json().get("errors"));
        assertTrue(pointers.containsAll(Set.of("/data/id", "/data/amount", "/data/currency")), pointers.toString());
        assertTrue(refused.text().contains("extra"), "the unknown member is named: " + refused.text());
        assertEquals(4, refused.json().get("errors").size(), refused.text());
        assertEquals(404, api.get("/v1/buses/strict/events/r-1").status(), "a refused event is not stored");

        Api.Response missing =
                structured("strict", "r-2", "order.placed", "{\"id\":\"3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41\"}", "");
        assertEquals(422, missing.status());
        assertTrue(missing.text().contains("amount"), missing.text());

        assertEquals(202, structured("strict", "r-3", "order.placed", VALID, "").status());
        assertEquals(202, structured("strict", "r-4", "other.type", INVALID, "").status(), "no schema maps other.type");
        assertEquals(202, structured("open", "r-5", "order.placed", INVALID, "").status(), "enforcement off");

        Api.Response binary = api.postEvent(
                "strict", BinaryEvent.json("r-6", INVALID).withSource("/shop").withType("order.placed"));
        assertEquals(422, binary.status(), binary.text());
        assertEquals(4, binary.json().get("errors").size());

        Api.Response notJson = api.postEvent(
                "strict",
                BinaryEvent.text("r-7", "twelve euros").withSource("/shop").withType("order.placed"));
        assertEquals(422, notJson.status(), notJson.text());
        assertEquals(Set.of("/data"), SchemaRegistryIT.pointers(notJson.json().get("errors")));
    }

    @Test
    void dataschemaChoosesTheSchema() {
        String mapped = ",\"dataschema\":\"https://schemas.example.com/order.json\"";
        assertEquals(
                422, structured("strict", "d-1", "anything", INVALID, mapped).status());
        assertEquals(202, structured("strict", "d-2", "anything", VALID, mapped).status());
        String own = ",\"dataschema\":\"http://signalbox.local/v1/registries/shop/schemas/order-placed/versions/1\"";
        assertEquals(422, structured("strict", "d-3", "unmapped", INVALID, own).status(), "the registry's own URL");
        String other =
                ",\"dataschema\":\"https://other.example/v1/registries/elsewhere/schemas/order-placed/versions/1\"";
        assertEquals(
                202, structured("strict", "d-4", "unmapped", INVALID, other).status(), "another registry");
    }

    @Test
    void theRegistrysExampleEventIsAcceptedAsItIs() {
        Api.Response example = api.get("/v1/registries/shop/schemas/order-placed/versions/1/example");
        assertEquals(200, example.status(), example.text());
        String dataschema = example.json().get("dataschema").asText();
        assertTrue(dataschema.matches("https?://[^/]+/v1/registries/shop/schemas/order-placed/versions/1"), dataschema);
        Api.Response posted = api.post(
                "/v1/buses/strict/events",
                "application/cloudevents+json",
                example.text().getBytes(StandardCharsets.UTF_8),
                Map.of());
        assertEquals(202, posted.status(), posted.text());
    }

    @Test
    void aRegistryOrSchemaABusUsesCannotBeDeletedFromUnderIt() {
        Api.Response schema = api.delete("/v1/registries/shop/schemas/order-placed");
        assertEquals(409, schema.status(), schema.text());
        assertEquals("schema.in-use", schema.json().get("code").asText());
        assertTrue(schema.json().get("detail").asText().contains("strict"), schema.text());
        Api.Response registry = api.delete("/v1/registries/shop");
        assertEquals(409, registry.status(), registry.text());
        assertEquals("registry.in-use", registry.json().get("code").asText());
        assertEquals(
                422,
                structured("strict", "in-use-1", "order.placed", INVALID, "").status(),
                "the bus still enforces");
    }

    @Test
    void flagStoresMarksAndCounts() {
        Api.Response accepted = structured("lenient", "f-1", "order.placed", INVALID, "");
        assertEquals(202, accepted.status(), accepted.text());
        JsonNode stored = api.get("/v1/buses/lenient/events/f-1").json();
        String errors = stored.get("sbschemaerrors").asText();
        for (String pointer : new String[] {"/data/id", "/data/amount", "/data/currency"}) {
            assertTrue(errors.contains(pointer + ": "), errors);
        }
        assertEquals("shop/order-placed/1", stored.get("sbschema").asText());
        assertEquals("JPY", stored.get("data").get("currency").asText(), "the data is stored as posted");

        String spoofed = ",\"sbschemaerrors\":\"forged\"";
        assertEquals(
                202,
                structured("lenient", "f-2", "order.placed", VALID, spoofed).status());
        assertFalse(api.get("/v1/buses/lenient/events/f-2").json().has("sbschemaerrors"), "only the node marks");

        assertEquals(1.0, violations("lenient", "flag"));
        structured("lenient", "f-3", "order.placed", INVALID, "");
        assertEquals(2.0, violations("lenient", "flag"));
    }

    @Test
    void batchEntriesFailOneByOne() {
        String batch = "[" + entry("b-1", VALID) + "," + entry("b-2", INVALID) + "," + entry("b-3", VALID) + "]";
        Api.Response strict =
                api.post("/v1/buses/strict/events", "application/cloudevents-batch+json", bytes(batch), Map.of());
        assertEquals(200, strict.status(), strict.text());
        assertEquals(1, strict.json().get("failedEntryCount").asInt());
        JsonNode failed = strict.json().get("entries").get(1);
        assertEquals("event.schema-violation", failed.get("errorCode").asText());
        assertTrue(failed.get("errorMessage").asText().contains("/data/amount"), failed.toString());
        assertEquals("b-3", strict.json().get("entries").get(2).get("id").asText());
        assertEquals(404, api.get("/v1/buses/strict/events/b-2").status());

        Api.Response lenient =
                api.post("/v1/buses/lenient/events", "application/cloudevents-batch+json", bytes(batch), Map.of());
        assertEquals(0, lenient.json().get("failedEntryCount").asInt(), lenient.text());
        assertTrue(api.get("/v1/buses/lenient/events/b-2").json().has("sbschemaerrors"));
        assertFalse(api.get("/v1/buses/lenient/events/b-1").json().has("sbschemaerrors"));
    }

    @Test
    void grpcEnforcesTheSameWay(Vertx vertx) throws Exception {
        try (GrpcPublisher grpc = new GrpcPublisher(vertx, node.grpcPort())) {
            PublishResponse strict = publish(grpc, "strict", "g");
            assertEquals(1, strict.getFailedEntryCount());
            assertEquals("g-ok", strict.getResults(0).getId());
            assertEquals(
                    "event.schema-violation", strict.getResults(1).getError().getCode());
            Set<String> pointers = new HashSet<>();
            strict.getResults(1).getError().getViolationsList().forEach(v -> pointers.add(v.getPointer()));
            assertTrue(pointers.containsAll(Set.of("/data/id", "/data/amount", "/data/currency")), pointers.toString());

            Map<Long, PublishResult> acks =
                    stream(grpc, "strict", List.of(proto("s-ok", VALID), proto("s-bad", INVALID)));
            assertEquals("s-ok", acks.get(0L).getId());
            assertEquals("event.schema-violation", acks.get(1L).getError().getCode(), acks.toString());
            assertEquals(404, api.get("/v1/buses/strict/events/s-bad").status());

            PublishResponse lenient = publish(grpc, "lenient", "h");
            assertEquals(0, lenient.getFailedEntryCount());
            assertTrue(api.get("/v1/buses/lenient/events/h-bad")
                    .json()
                    .get("sbschemaerrors")
                    .asText()
                    .contains("/data/amount"));
        }
    }

    @Test
    void usageNamesTheBusesThatMapTheSchema() {
        JsonNode usage =
                api.get("/v1/registries/shop/schemas/order-placed/usage").json();
        assertEquals("[\"lenient\",\"open\",\"strict\"]", usage.get("buses").toString());
        Api.Response typo = api.put(
                "/v1/buses/typo",
                "{\"schemaEnforcement\":\"reject\",\"registry\":\"shop\",\"schemas\":[{\"type\":\"t\",\"schema\":\"order-placd\"}]}");
        assertEquals(400, typo.status());
        assertEquals(
                Set.of("/schemas/0/schema"),
                SchemaRegistryIT.pointers(typo.json().get("errors")));
        JsonNode bus = api.get("/v1/buses/strict").json();
        assertEquals("reject", bus.get("schemaEnforcement").asText());
        assertEquals("order-placed", bus.get("schemas").get(0).get("schema").asText());
        assertEquals("off", bus.get("discovery").asText());
    }

    private PublishResponse publish(GrpcPublisher grpc, String bus, String prefix) throws Exception {
        PublishRequest request = PublishRequest.newBuilder()
                .setBus(bus)
                .addEvents(proto(prefix + "-ok", VALID))
                .addEvents(proto(prefix + "-bad", INVALID))
                .build();
        return grpc.publish(request).response();
    }

    /** Publishes over the acked stream and gathers one result per sequence number. */
    private Map<Long, PublishResult> stream(GrpcPublisher grpc, String bus, List<CloudEvent> events) throws Exception {
        List<PublishStreamRequest> requests = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            requests.add(GrpcStreams.streamed(bus, i, events.get(i)));
        }
        List<PublishAck> acks = new ArrayList<>();
        assertEquals(GrpcStatus.OK, grpc.stream(requests, acks));
        Map<Long, PublishResult> results = new HashMap<>();
        acks.forEach(ack -> results.put(ack.getSequence(), ack.getResult()));
        return results;
    }

    private static CloudEvent proto(String id, String data) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource("/shop")
                .setType("order.placed")
                .putAttributes(
                        "datacontenttype",
                        CloudEventAttributeValue.newBuilder()
                                .setCeString("application/json")
                                .build())
                .setTextData(data)
                .build();
    }

    private double violations(String bus, String mode) {
        String metrics = node.api().withKey(null).get("/metrics").text();
        Matcher m = Pattern.compile(
                        "signalbox_schema_violations_total\\{bus=\"" + bus + "\",mode=\"" + mode + "\"[^}]*} (\\S+)")
                .matcher(metrics);
        assertTrue(m.find(), metrics);
        return Double.parseDouble(m.group(1));
    }

    private static String entry(String id, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/shop\",\"type\":\"order.placed\",\"data\":"
                + data + "}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
