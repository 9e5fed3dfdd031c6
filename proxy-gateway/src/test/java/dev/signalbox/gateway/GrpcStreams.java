package dev.signalbox.gateway;

import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import dev.signalbox.api.grpc.v1.PublisherGrpcClient;
import io.cloudevents.v1.proto.CloudEvent;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test kit: one {@code PublishStream} call with the admin key, every request written then the
 * stream ended, its acks collected. Blocks the calling (test) thread, never an event loop.
 */
final class GrpcStreams {

    private GrpcStreams() {}

    /** Sends {@code requests} on one stream, adds each ack to {@code acks}, returns the call's status. */
    static GrpcStatus publish(
            GrpcClient client, SocketAddress address, List<PublishStreamRequest> requests, List<PublishAck> acks)
            throws Exception {
        return client.request(address, PublisherGrpcClient.PublishStream)
                .compose(call -> {
                    call.headers().set("authorization", "Bearer " + TestNode.KEY);
                    // The ack handler is set by a listener of the response future itself, added
                    // before anything is written, as GrpcIngestIT does. Set one compose later (on
                    // the future the first compose returns), it was at times set only after the
                    // first acks had arrived, and they were lost (GrpcBusLimitsIT, once in five).
                    Future<GrpcStatus> status = call.response().compose(response -> {
                        response.handler(acks::add);
                        return response.end().otherwiseEmpty().map(v -> response.status());
                    });
                    requests.forEach(call::write);
                    call.end();
                    return status;
                })
                .await(30, TimeUnit.SECONDS);
    }

    static PublishStreamRequest streamed(String bus, long sequence, CloudEvent event) {
        return PublishStreamRequest.newBuilder()
                .setBus(bus)
                .setSequence(sequence)
                .setEvent(event)
                .build();
    }
}
