package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import io.cloudevents.v1.proto.CloudEvent;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-bus limits over gRPC: an event over its bus's size is that event's RESOURCE_EXHAUSTED
 * result (unary and stream), a unary batch over its bus's entries or bytes ends the call with
 * RESOURCE_EXHAUSTED, metadata over a lowered header limit too; another bus on the same node
 * takes the same input.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcBusLimitsIT {

    private static final int MIDDLING = 100 * 1024;

    private TestNode node;
    private GrpcPublisher grpc;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        Api api = node.api();
        api.put("/v1/buses/wide", "{}");
        api.put(
                "/v1/buses/narrow",
                "{\"limits\": {\"maxEventBytes\": 65536, \"maxBatchEntries\": 3, \"maxBatchBytes\": 131072,"
                        + " \"maxHeaderBytes\": 4096}}");
        grpc = new GrpcPublisher(vertx, node.grpcPort());
    }

    @AfterAll
    void stop() throws Exception {
        grpc.close();
        node.close();
    }

    @Test
    void anEventOverItsBusesSizeGetsItsOwnResourceExhaustedResult() throws Exception {
        for (String bus : List.of("wide", "narrow")) {
            PublishRequest request = PublishRequest.newBuilder()
                    .setBus(bus)
                    .addEvents(event("big-" + bus, MIDDLING))
                    .addEvents(event("small-" + bus, 1))
                    .build();
            GrpcPublisher.Answer<PublishResponse> call = grpc.publish(request);
            PublishResponse response = call.response();
            assertEquals(GrpcStatus.OK, call.status());
            assertEquals("small-" + bus, response.getResults(1).getId());
            if (bus.equals("wide")) {
                assertEquals(0, response.getFailedEntryCount(), response.toString());
                continue;
            }
            assertEquals(1, response.getFailedEntryCount());
            assertEquals("event.too-large", response.getResults(0).getError().getCode());
            assertEquals(
                    GrpcStatus.RESOURCE_EXHAUSTED.code,
                    response.getResults(0).getError().getGrpcStatus());
            String message = response.getResults(0).getError().getMessage();
            assertTrue(message.contains("65536") && message.contains("limits.maxEventBytes"), message);
        }
    }

    @Test
    void aUnaryBatchOverItsBusesEntriesOrBytesEndsTheCall() throws Exception {
        PublishRequest.Builder four = PublishRequest.newBuilder();
        for (int i = 0; i < 4; i++) {
            four.addEvents(event("four-" + i, 1));
        }
        assertEquals(GrpcStatus.OK, grpc.publish(four.setBus("wide").build()).status());
        GrpcPublisher.Answer<PublishResponse> tooMany =
                grpc.publish(four.setBus("narrow").build());
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, tooMany.status());
        assertTrue(tooMany.message().startsWith("batch.too-large"), tooMany.message());
        assertTrue(
                tooMany.message().contains("4 events") && tooMany.message().contains("at most 3"), tooMany.message());

        PublishRequest heavy = PublishRequest.newBuilder()
                .setBus("narrow")
                .addEvents(event("heavy-1", 60 * 1024))
                .addEvents(event("heavy-2", 60 * 1024))
                .addEvents(event("heavy-3", 60 * 1024))
                .build();
        GrpcPublisher.Answer<PublishResponse> tooHeavy = grpc.publish(heavy);
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, tooHeavy.status());
        assertTrue(tooHeavy.message().contains("131072"), tooHeavy.message());
        assertTrue(tooHeavy.message().contains(heavy.getSerializedSize() + " bytes"), tooHeavy.message());
        assertEquals(404, node.api().get("/v1/buses/narrow/events/heavy-1").status(), "nothing of it was stored");
        String metrics = node.api().withKey(null).get("/metrics").text();
        assertTrue(
                metrics.contains("signalbox_events_rejected_total{bus=\"narrow\",reason=\"batch.too-large\"}"),
                "counted like an HTTP refusal: " + metrics);
    }

    @Test
    void metadataOverALoweredHeaderLimitEndsTheCall() throws Exception {
        Map<String, String> trace = Map.of("x-trace", "t".repeat(5000));
        PublishRequest.Builder one = PublishRequest.newBuilder().addEvents(event("meta-1", 1));
        assertEquals(
                GrpcStatus.OK,
                grpc.publish(one.setBus("wide").build(), TestNode.KEY, trace).status());
        GrpcPublisher.Answer<PublishResponse> refused =
                grpc.publish(one.setBus("narrow").build(), TestNode.KEY, trace);
        assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, refused.status());
        assertTrue(refused.message().startsWith("request.headers-too-large"), refused.message());
        assertTrue(refused.message().contains("4096"), refused.message());
    }

    @Test
    void aStreamedEventOverItsBusesSizeGetsAnErrorAckAndTheStreamGoesOn() throws Exception {
        List<PublishAck> acks = new ArrayList<>();
        GrpcStatus status = grpc.stream(
                List.of(
                        GrpcStreams.streamed("narrow", 1, event("st-1", 1)),
                        GrpcStreams.streamed("narrow", 2, event("st-2", MIDDLING)),
                        GrpcStreams.streamed("narrow", 3, event("st-3", 1))),
                acks);
        assertEquals(GrpcStatus.OK, status);
        assertEquals(3, acks.size());
        for (PublishAck ack : acks) {
            if (ack.getSequence() == 2) {
                assertEquals("event.too-large", ack.getResult().getError().getCode());
                assertEquals(
                        GrpcStatus.RESOURCE_EXHAUSTED.code,
                        ack.getResult().getError().getGrpcStatus());
            } else {
                assertTrue(ack.getResult().hasId(), ack.toString());
            }
        }
        List<PublishAck> wideAcks = new ArrayList<>();
        assertEquals(
                GrpcStatus.OK,
                grpc.stream(List.of(GrpcStreams.streamed("wide", 1, event("st-wide", MIDDLING))), wideAcks));
        assertTrue(wideAcks.get(0).getResult().hasId(), wideAcks.toString());
    }

    private static CloudEvent event(String id, int dataBytes) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource("/grpc-limits")
                .setType("t")
                .setBinaryData(ByteString.copyFrom(new byte[dataBytes]))
                .build();
    }
}
