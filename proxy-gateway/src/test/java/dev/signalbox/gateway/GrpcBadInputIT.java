package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import dev.signalbox.api.grpc.v1.PublishResult;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input over gRPC: call-level problems end the call with the catalogue's gRPC status, and a
 * bad event gets its own error result with the same code and JSON Pointer as over HTTP, while the
 * events around it are stored.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcBadInputIT {

    private TestNode node;
    private GrpcPublisher grpc;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        node.api().put("/v1/buses/g", "{}");
        grpc = new GrpcPublisher(vertx, node.grpcPort());
    }

    @AfterAll
    void stop() throws Exception {
        grpc.close();
        node.close();
    }

    /** A bad event: how it is spoiled, and the code and pointer its result must carry. */
    record BadEvent(String name, UnaryOperator<CloudEvent.Builder> spoil, String code, int status, String pointer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badEvents() {
        List<BadEvent> cases = new ArrayList<>();
        cases.add(new BadEvent("no id", e -> e.clearId(), "event.invalid", 3, "/id"));
        cases.add(new BadEvent("no source", e -> e.clearSource(), "event.invalid", 3, "/source"));
        cases.add(new BadEvent("no type", e -> e.clearType(), "event.invalid", 3, "/type"));
        cases.add(new BadEvent("no specversion", e -> e.clearSpecVersion(), "event.invalid", 3, "/specversion"));
        cases.add(new BadEvent("specversion 0.3", e -> e.setSpecVersion("0.3"), "event.invalid", 3, "/specversion"));
        cases.add(new BadEvent(
                "bad attribute name", e -> e.putAttributes("Bad_Name", text("x")), "event.invalid", 3, "/Bad_Name"));
        cases.add(
                new BadEvent("bad time", e -> e.putAttributes("time", text("yesterday")), "event.invalid", 3, "/time"));
        cases.add(new BadEvent(
                "attribute without a value",
                e -> e.putAttributes("empty", CloudEventAttributeValue.getDefaultInstance()),
                "event.invalid",
                3,
                "/empty"));
        cases.add(new BadEvent(
                "protobuf Any data", e -> e.setProtoData(Any.getDefaultInstance()), "event.invalid", 3, "/data"));
        cases.add(new BadEvent(
                "control character in subject",
                e -> e.putAttributes("subject", text("a\nb")),
                "event.invalid",
                3,
                "/subject"));
        cases.add(new BadEvent(
                "empty subject", e -> e.putAttributes("subject", text("")), "event.invalid", 3, "/subject"));
        cases.add(new BadEvent("source with a space", e -> e.setSource("/a b"), "event.invalid", 3, "/source"));
        cases.add(new BadEvent(
                "datacontenttype not a media type",
                e -> e.putAttributes("datacontenttype", text("not a type")),
                "event.invalid",
                3,
                "/datacontenttype"));
        cases.add(new BadEvent(
                "relative dataschema",
                e -> e.putAttributes(
                        "dataschema",
                        CloudEventAttributeValue.newBuilder()
                                .setCeUriRef("relative/path")
                                .build()),
                "event.invalid",
                3,
                "/dataschema"));
        cases.add(new BadEvent(
                "time without a zone",
                e -> e.putAttributes("time", text("2026-11-21T10:00:00")),
                "event.invalid",
                3,
                "/time"));
        cases.add(new BadEvent(
                "time as an integer",
                e -> e.putAttributes(
                        "time",
                        CloudEventAttributeValue.newBuilder().setCeInteger(5).build()),
                "event.invalid",
                3,
                "/time"));
        cases.add(new BadEvent(
                "timestamp beyond any instant",
                e -> e.putAttributes(
                        "time",
                        CloudEventAttributeValue.newBuilder()
                                .setCeTimestamp(com.google.protobuf.Timestamp.newBuilder()
                                        .setSeconds(Long.MAX_VALUE)
                                        .build())
                                .build()),
                "event.invalid",
                3,
                "/time"));
        cases.add(new BadEvent(
                "timestamp with nanos over a second",
                e -> e.putAttributes(
                        "time",
                        CloudEventAttributeValue.newBuilder()
                                .setCeTimestamp(com.google.protobuf.Timestamp.newBuilder()
                                        .setSeconds(1)
                                        .setNanos(-5)
                                        .build())
                                .build()),
                "event.invalid",
                3,
                "/time"));
        cases.add(new BadEvent(
                "attribute named data", e -> e.putAttributes("data", text("x")), "event.invalid", 3, "/data"));
        cases.add(new BadEvent("id given twice", e -> e.putAttributes("id", text("other")), "event.invalid", 3, "/id"));
        cases.add(new BadEvent(
                "uppercase attribute name", e -> e.putAttributes("Upper", text("x")), "event.invalid", 3, "/Upper"));
        cases.add(new BadEvent("id '.'", e -> e.setId("."), "event.invalid", 3, "/id"));
        cases.add(new BadEvent("id '..'", e -> e.setId(".."), "event.invalid", 3, "/id"));
        cases.add(new BadEvent("id over 1024 bytes", e -> e.setId("i".repeat(1025)), "event.invalid", 3, "/id"));
        cases.add(new BadEvent(
                "event over 256 KiB",
                e -> e.setBinaryData(ByteString.copyFrom(new byte[300 * 1024])),
                "event.too-large",
                GrpcStatus.RESOURCE_EXHAUSTED.code,
                null));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badEvents")
    void aBadEventGetsItsOwnErrorAndTheOthersAreStored(BadEvent bad) throws Exception {
        String goodId = "good-" + bad.name().replace(' ', '-');
        PublishRequest request = PublishRequest.newBuilder()
                .setBus("g")
                .addEvents(bad.spoil().apply(valid("bad-" + goodId).toBuilder()).build())
                .addEvents(valid(goodId))
                .build();
        GrpcPublisher.Answer<PublishResponse> call = grpc.publish(request);
        PublishResponse response = call.response();
        assertEquals(GrpcStatus.OK, call.status());
        assertEquals(1, response.getFailedEntryCount());
        PublishResult failed = response.getResults(0);
        assertEquals(bad.code(), failed.getError().getCode());
        assertEquals(bad.status(), failed.getError().getGrpcStatus());
        if (bad.pointer() != null) {
            assertTrue(
                    failed.getError().getViolationsList().stream()
                            .anyMatch(v -> v.getPointer().equals(bad.pointer())),
                    failed.getError().toString());
        }
        assertEquals(goodId, response.getResults(1).getId());
        assertEquals(200, node.api().get("/v1/buses/g/events/" + goodId).status(), "the good event was stored");
    }

    /** A frame that is not protobuf: Vert.x's typed handler reset the stream (CANCELLED, no reason). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Publish", "PublishStream"})
    void aMessageThatIsNotProtobufEndsTheCallWithInvalidArgument(String method) throws Exception {
        // Field 1 (bus) announces a 10-byte string and the message ends after one.
        GrpcPublisher.Answer<Buffer> call = grpc.raw(method, null, Buffer.buffer(new byte[] {0x0a, 0x0a, 'g'}));
        assertEquals(GrpcStatus.INVALID_ARGUMENT, call.status(), call.message());
        assertTrue(call.message().startsWith("request.malformed"), call.message());
        PublishResponse after = grpc.publish(PublishRequest.newBuilder()
                        .setBus("g")
                        .addEvents(valid("after-garbage-" + method))
                        .build())
                .response();
        assertEquals(0, after.getFailedEntryCount(), "the node keeps serving");
    }

    /** Frames are decoded by RequestMessages now: a gzip-compressed one still is, as Vert.x did. */
    @Test
    void aCompressedMessageIsDecodedAsBefore() throws Exception {
        byte[] message = PublishRequest.newBuilder()
                .setBus("g")
                .addEvents(valid("compressed"))
                .build()
                .toByteArray();
        GrpcPublisher.Answer<Buffer> call = grpc.raw("Publish", "gzip", Buffer.buffer(message));
        assertEquals(GrpcStatus.OK, call.status(), call.message());
        assertEquals(0, PublishResponse.parseFrom(call.response().getBytes()).getFailedEntryCount());
        assertEquals(200, node.api().get("/v1/buses/g/events/compressed").status(), "the event was stored");
    }

    /**
     * A compressed message is bounded by what it inflates to: 5 MiB of one letter is a few KiB of
     * gzip, under the node's 4,096,000-byte message limit as sent, over it once inflated.
     */
    @Test
    void aCompressedMessageThatInflatesPastTheLimitEndsTheCallWithResourceExhausted() throws Exception {
        byte[] message = PublishRequest.newBuilder()
                .setBus("g")
                .addEvents(valid("bomb").toBuilder().setTextData("x".repeat(5 << 20)))
                .build()
                .toByteArray();
        GrpcPublisher.Answer<Buffer> call = grpc.raw("Publish", "gzip", Buffer.buffer(message));
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, call.status(), call.message());
        assertTrue(call.message().startsWith("batch.too-large"), call.message());
        assertTrue(call.message().contains("inflates"), call.message());
        assertEquals(404, node.api().get("/v1/buses/g/events/bomb").status(), "nothing of it was stored");
    }

    @Test
    void aMessageOverTheNodesLimitEndsTheCallWithResourceExhausted() throws Exception {
        // A bus name of 5 MiB: over the node's 4,096,000-byte message limit.
        PublishRequest huge =
                PublishRequest.newBuilder().setBus("g".repeat(5 << 20)).build();
        GrpcPublisher.Answer<PublishResponse> call = grpc.publish(huge);
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, call.status(), call.message());
        assertTrue(call.message().startsWith("batch.too-large"), call.message());
    }

    @Test
    void aStreamedMessageOverTheNodesLimitEndsTheStreamWithResourceExhausted() throws Exception {
        List<PublishAck> acks = new ArrayList<>();
        GrpcStatus status = grpc.stream(
                List.of(
                        GrpcStreams.streamed("g", 1, valid("before-huge")),
                        GrpcStreams.streamed(
                                "g",
                                2,
                                valid("huge").toBuilder()
                                        .setTextData("x".repeat(5 << 20))
                                        .build())),
                acks);
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, status);
        // Its store may complete after the stream has ended: what came before is stored, not lost.
        Eventually.await(
                java.time.Duration.ofSeconds(10),
                () -> node.api().get("/v1/buses/g/events/before-huge").status() == 200,
                () -> "the event before the oversized one to be stored");
    }

    @Test
    void aWrongKeyIsUnauthenticated() throws Exception {
        GrpcPublisher.Answer<PublishResponse> call = grpc.publish(
                PublishRequest.newBuilder().setBus("g").addEvents(valid("k")).build(), "not-the-key-at-all", Map.of());
        assertEquals(GrpcStatus.UNAUTHENTICATED, call.status());
        assertTrue(call.message().startsWith("auth.invalid"), call.message());
    }

    @Test
    void aStreamToAnUnknownBusEndsWithNotFound() throws Exception {
        List<PublishAck> acks = new ArrayList<>();
        GrpcStatus status = grpc.stream(List.of(GrpcStreams.streamed("nope", 1, valid("s1"))), acks);
        assertEquals(GrpcStatus.NOT_FOUND, status);
        assertTrue(acks.isEmpty());
    }

    @Test
    void aStreamThatSwitchesBusGetsAnErrorAckAndGoesOn() throws Exception {
        List<PublishAck> acks = new ArrayList<>();
        GrpcStatus status = grpc.stream(
                List.of(
                        GrpcStreams.streamed("g", 1, valid("s-1")),
                        GrpcStreams.streamed("other", 2, valid("s-2")),
                        GrpcStreams.streamed("", 3, valid("s-3"))),
                acks);
        assertEquals(GrpcStatus.OK, status);
        assertEquals(3, acks.size());
        PublishAck second =
                acks.stream().filter(a -> a.getSequence() == 2).findFirst().orElseThrow();
        assertEquals("request.invalid", second.getResult().getError().getCode());
        assertTrue(acks.stream()
                .filter(a -> a.getSequence() != 2)
                .allMatch(a -> a.getResult().hasId() || !a.getResult().hasError()));
    }

    private static CloudEvent valid(String id) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource("/grpc")
                .setType("t")
                .setTextData("x")
                .build();
    }

    private static CloudEventAttributeValue text(String value) {
        return CloudEventAttributeValue.newBuilder().setCeString(value).build();
    }
}
