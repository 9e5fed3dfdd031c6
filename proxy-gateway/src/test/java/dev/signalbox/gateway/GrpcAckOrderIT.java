package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import io.cloudevents.v1.proto.CloudEvent;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code PublishStream}'s acks reach the client in the order its events were sent, although
 * their work completes in another: every other event is invalid and refused at once, while the
 * valid ones before it wait for an fsync on a {@code sync} bus. Acked as each completed, the
 * refusals overtook the stored events. A real node, a real client.
 */
@ExtendWith(VertxExtension.class)
class GrpcAckOrderIT {

    private static final int EVENTS = 200;

    @Test
    void acksFollowTheOrderOfTheEventsWhenRefusalsAreFasterThanStores(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir);
                GrpcPublisher grpc = new GrpcPublisher(vertx, node.grpcPort())) {
            assertEquals(
                    201,
                    node.api().put("/v1/buses/synced", "{\"flush\": \"sync\"}").status());
            List<PublishStreamRequest> requests = new ArrayList<>();
            for (long seq = 0; seq < EVENTS; seq++) {
                // An odd one has no source: event.invalid, refused before it reaches the store.
                requests.add(GrpcStreams.streamed("synced", seq, event("o-" + seq, seq % 2 == 0 ? "/order" : "")));
            }
            List<PublishAck> acks = new CopyOnWriteArrayList<>();

            assertEquals(GrpcStatus.OK, grpc.stream(requests, acks));

            assertEquals(
                    LongStream.range(0, EVENTS).boxed().toList(),
                    acks.stream().map(PublishAck::getSequence).toList(),
                    "one ack per event, in the order sent");
            for (PublishAck ack : acks) {
                if (ack.getSequence() % 2 == 0) {
                    assertEquals("o-" + ack.getSequence(), ack.getResult().getId(), ack.toString());
                } else {
                    assertTrue(ack.getResult().hasError(), ack.toString());
                    assertEquals("event.invalid", ack.getResult().getError().getCode());
                }
            }
        }
    }

    private static CloudEvent event(String id, String source) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource(source)
                .setType("t")
                .setTextData("x")
                .build();
    }
}
