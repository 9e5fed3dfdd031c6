package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import dev.signalbox.api.grpc.v1.PublishResult;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import io.cloudevents.v1.proto.CloudEvent;
import io.cloudevents.v1.proto.CloudEvent.CloudEventAttributeValue;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Publishing over gRPC with the generated Vert.x client's service methods. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcIngestIT {

    private static final int STREAMED = 10_000;

    private TestNode node;
    private GrpcPublisher grpc;

    @BeforeAll
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.start(vertx, dir);
        assertEquals(201, node.api().put("/v1/buses/grpc", "{}").status());
        grpc = new GrpcPublisher(vertx, node.grpcPort());
    }

    @AfterAll
    void stop() throws Exception {
        grpc.close();
        node.close();
    }

    @Test
    void streamsTenThousandEventsWithAnAckEachAndInvalidOnesInPlace() throws Exception {
        Map<Long, PublishResult> acks = new ConcurrentHashMap<>();
        Promise<GrpcStatus> ended = Promise.promise();
        // Everything runs on the client's context: writeQueueFull and drainHandler must not race.
        grpc.openStream()
                .compose(call -> {
                    call.response()
                            .onSuccess(response -> {
                                response.handler(ack -> acks.put(ack.getSequence(), ack.getResult()));
                                response.endHandler(v -> ended.complete(response.status()));
                                response.exceptionHandler(ended::tryFail);
                            })
                            .onFailure(ended::tryFail);
                    return write(call, 0);
                })
                .await(60, TimeUnit.SECONDS);

        assertEquals(GrpcStatus.OK, ended.future().await(60, TimeUnit.SECONDS));
        assertEquals(STREAMED, acks.size(), "one ack per event");
        for (long seq = 0; seq < STREAMED; seq++) {
            PublishResult result = acks.get(seq);
            if (seq % 100 == 7) {
                assertTrue(result.hasError(), "event " + seq + " lacks a source");
                assertEquals("event.invalid", result.getError().getCode());
                assertEquals(GrpcStatus.INVALID_ARGUMENT.code, result.getError().getGrpcStatus());
                assertEquals("/source", result.getError().getViolations(0).getPointer());
            } else {
                assertEquals("s-" + seq, result.getId());
            }
        }
        Api.Response found = node.api().get("/v1/buses/grpc/events/s-4242");
        assertEquals(200, found.status());
        assertEquals("payload 4242", found.json().get("data").asText());
        assertEquals(4242, found.json().get("seq").asInt(), "an integer extension keeps its type");
    }

    /** Writes every event, pausing whenever the stream's write queue is full (flow control). */
    private Future<Void> write(GrpcClientRequest<PublishStreamRequest, PublishAck> call, long from) {
        long seq = from;
        while (seq < STREAMED && !call.writeQueueFull()) {
            call.write(PublishStreamRequest.newBuilder()
                    .setBus("grpc")
                    .setSequence(seq)
                    .setEvent(event("s-" + seq, seq % 100 == 7 ? "" : "/grpc", seq))
                    .build());
            seq++;
        }
        if (seq == STREAMED) {
            return call.end();
        }
        Promise<Void> drained = Promise.promise();
        long next = seq;
        call.drainHandler(v -> write(call, next).onComplete(drained));
        return drained.future();
    }

    @Test
    void publishesABatchWithAResultPerEvent() throws Exception {
        PublishRequest request = PublishRequest.newBuilder()
                .setBus("grpc")
                .addEvents(event("b-1", "/grpc", 1))
                .addEvents(event("", "/grpc", 2))
                .addEvents(event("b-3", "/grpc", 3))
                .build();
        PublishResponse response = grpc.publish(request).response();
        assertEquals(1, response.getFailedEntryCount());
        assertEquals("b-1", response.getResults(0).getId());
        assertEquals("/id", response.getResults(1).getError().getViolations(0).getPointer());
        assertEquals("b-3", response.getResults(2).getId());
        assertEquals(200, node.api().get("/v1/buses/grpc/events/b-3").status());
    }

    @Test
    void refusesCallsWithoutAKeyOrForAnUnknownBus() throws Exception {
        PublishRequest request = PublishRequest.newBuilder()
                .setBus("grpc")
                .addEvents(event("x", "/grpc", 1))
                .build();
        GrpcPublisher.Answer<PublishResponse> noKey = grpc.publish(request, null, Map.of());
        assertEquals(GrpcStatus.UNAUTHENTICATED, noKey.status());
        assertTrue(noKey.message().startsWith("auth.missing"), noKey.message());

        GrpcPublisher.Answer<PublishResponse> notFound =
                grpc.publish(request.toBuilder().setBus("nope").build());
        assertEquals(GrpcStatus.NOT_FOUND, notFound.status());
        assertTrue(notFound.message().startsWith("bus.not-found"), notFound.message());
    }

    private static CloudEvent event(String id, String source, long seq) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource(source)
                .setType("grpc.test")
                .putAttributes(
                        "seq",
                        CloudEventAttributeValue.newBuilder()
                                .setCeInteger((int) seq)
                                .build())
                .putAttributes(
                        "datacontenttype",
                        CloudEventAttributeValue.newBuilder()
                                .setCeString("text/plain")
                                .build())
                .setTextData("payload " + seq)
                .build();
    }
}
