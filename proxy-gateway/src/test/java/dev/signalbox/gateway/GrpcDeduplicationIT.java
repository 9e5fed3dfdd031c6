package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deduplication holds over gRPC as over HTTP: on a deduplicating bus a repeated (source, id) in a
 * unary batch, across batches and in a stream is answered with its id and {@code deduplicated},
 * and the first event is the one stored (GET answers the most recently stored event of an id, so
 * a second copy would show).
 */
@ExtendWith(VertxExtension.class)
class GrpcDeduplicationIT {

    @Test
    void aRepeatedSourceAndIdIsAnsweredDeduplicatedAndStoredOnce(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            assertEquals(
                    201,
                    node.api().put("/v1/buses/g", "{\"deduplication\": \"on\"}").status());
            try (GrpcPublisher grpc = new GrpcPublisher(vertx, node.grpcPort())) {
                PublishResponse batch = published(
                        grpc,
                        PublishRequest.newBuilder()
                                .setBus("g")
                                .addEvents(event("d-1", "/a", "first"))
                                .addEvents(event("d-1", "/a", "repeat in the batch"))
                                .addEvents(event("d-1", "/b", "same id, other source"))
                                .build());
                assertEquals(0, batch.getFailedEntryCount());
                assertEquals("d-1", batch.getResults(0).getId());
                assertFalse(batch.getResults(0).getDeduplicated());
                assertEquals("d-1", batch.getResults(1).getId());
                assertTrue(batch.getResults(1).getDeduplicated(), batch.toString());
                assertFalse(batch.getResults(2).getDeduplicated(), "the source is part of the key");

                PublishResponse again = published(
                        grpc,
                        PublishRequest.newBuilder()
                                .setBus("g")
                                .addEvents(event("d-1", "/a", "a later batch"))
                                .build());
                assertTrue(again.getResults(0).getDeduplicated(), again.toString());

                List<PublishAck> acks = new ArrayList<>();
                GrpcStatus status = grpc.stream(
                        List.of(
                                GrpcStreams.streamed("g", 1, event("d-1", "/a", "streamed")),
                                GrpcStreams.streamed("g", 2, event("d-2", "/a", "new"))),
                        acks);
                assertEquals(GrpcStatus.OK, status);
                assertEquals(2, acks.size());
                for (PublishAck ack : acks) {
                    assertEquals(ack.getSequence() == 1, ack.getResult().getDeduplicated(), ack.toString());
                }
            }
            Api.Response stored = node.api().get("/v1/buses/g/events/d-1?source=/a");
            assertEquals(200, stored.status(), stored.text());
            assertEquals("first", stored.json().get("data").asText(), "only the first copy was stored");
            String metrics = node.api().withKey(null).get("/metrics").text();
            assertTrue(metrics.contains("signalbox_events_deduplicated_total{bus=\"g\"} 3.0"), metrics);
        }
    }

    private static PublishResponse published(GrpcPublisher grpc, PublishRequest request) throws Exception {
        GrpcPublisher.Answer<PublishResponse> call = grpc.publish(request);
        assertEquals(GrpcStatus.OK, call.status(), call.message());
        return call.response();
    }

    private static CloudEvent event(String id, String source, String data) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource(source)
                .setType("t")
                .putAttributes(
                        "datacontenttype",
                        CloudEvent.CloudEventAttributeValue.newBuilder()
                                .setCeString("text/plain")
                                .build())
                .setTextData(data)
                .build();
    }
}
