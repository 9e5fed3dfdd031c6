package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.api.grpc.v1.PublishAck;
import io.cloudevents.v1.proto.CloudEvent;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that cancels its {@code PublishStream} while events are being stored ends it as a
 * client may: the node stops acking it quietly, logs no error, and serves the next stream. The
 * node wrote the ack of the next event it stored to the reset stream, and logged that as its own
 * failure (an ERROR line per cancelled stream). {@code bin/signalbox} as a child process, its log
 * read from the file it writes; a real client writes 100 events and cancels right after them, so
 * the events the node has read are still being stored (an fsync, on a sync bus) when the cancel
 * arrives.
 */
@ExtendWith(VertxExtension.class)
class GrpcCancelledStreamIT {

    /** Events written before the cancel: fewer than the node stores at once on one stream (256). */
    private static final int EVENTS = 100;

    @Test
    void aStreamItsClientCancelsStopsAckingWithoutAnError(Vertx vertx, @TempDir Path dir) throws Exception {
        try (ChildNode node = ChildNode.start(dir.resolve("data"), dir, "cancelled");
                GrpcPublisher grpc = new GrpcPublisher(vertx, node.grpcPort())) {
            assertEquals(
                    201,
                    node.api().put("/v1/buses/synced", "{\"flush\": \"sync\"}").status());

            Promise<Void> cancelled = Promise.promise();
            grpc.openStream()
                    .onSuccess(call -> Vertx.currentContext().runOnContext(v -> {
                        // A task of its own, not inside a read of the connection, so that each
                        // write is flushed at once: the events go out, then the cancel.
                        for (long seq = 0; seq < EVENTS; seq++) {
                            call.write(GrpcStreams.streamed("synced", seq, event("c-" + seq)));
                        }
                        call.cancel();
                        cancelled.complete();
                    }))
                    .onFailure(cancelled::tryFail);
            cancelled.future().await(30, TimeUnit.SECONDS);

            // The next stream on the same connection is stored after every event the cancelled
            // one had started, so its ack comes after theirs would have.
            List<PublishAck> acks = new ArrayList<>();
            assertEquals(
                    GrpcStatus.OK,
                    grpc.stream(List.of(GrpcStreams.streamed("synced", 1, event("after"))), acks),
                    node.output());
            assertEquals(1, acks.size(), String.valueOf(acks));
            assertEquals("after", acks.get(0).getResult().getId());
            // The cancelled stream's events reached the node before its cancel, so acks were due.
            assertEquals(200, node.api().get("/v1/buses/synced/events/c-0").status(), node.output());

            String log = node.output();
            assertTrue(
                    log.lines().noneMatch(line -> line.contains(" ERROR ")),
                    "a cancelled stream is the client's choice, not the node's failure:\n" + log);
        }
    }

    private static CloudEvent event(String id) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource("/cancel")
                .setType("t")
                .setTextData("x")
                .build();
    }
}
