package dev.signalbox.gateway;

import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import dev.signalbox.api.grpc.v1.PublisherGrpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test kit: a gRPC client for one node's {@code signalbox.v1.Publisher} on loopback, calling with
 * the admin key unless told otherwise. Every call but {@link #openStream} blocks the calling (test)
 * thread until the call has ended, never an event loop. Owned by whoever made it (a test class, or
 * one test); close it before the node.
 */
final class GrpcPublisher implements AutoCloseable {

    private static final long WAIT_SECONDS = 30;

    private final GrpcClient client;
    private final SocketAddress address;

    GrpcPublisher(Vertx vertx, int grpcPort) {
        this.client = GrpcClient.client(vertx);
        this.address = SocketAddress.inetSocketAddress(grpcPort, "127.0.0.1");
    }

    /**
     * How a call ended: its status, status message, and its one answer, or null when it ended
     * without one (a call ended with an error status has none).
     */
    record Answer<T>(GrpcStatus status, String message, T response) {}

    /** A unary {@code Publish} with the admin key. */
    Answer<PublishResponse> publish(PublishRequest request) throws Exception {
        return publish(request, TestNode.KEY, Map.of());
    }

    /** A unary {@code Publish} with {@code key} (no authorization when null) and extra metadata. */
    Answer<PublishResponse> publish(PublishRequest request, String key, Map<String, String> metadata) throws Exception {
        return ended(client.request(address, PublisherGrpcClient.Publish).compose(call -> {
            if (key != null) {
                call.headers().set("authorization", "Bearer " + key);
            }
            metadata.forEach(call.headers()::set);
            call.end(request);
            return call.response();
        }));
    }

    /**
     * One message of raw bytes to {@code signalbox.v1.Publisher/METHOD} with the admin key,
     * compressed with {@code encoding} unless it is null: for what the typed client cannot send.
     */
    Answer<Buffer> raw(String method, String encoding, Buffer message) throws Exception {
        return ended(client.request(address).compose(call -> {
            call.fullMethodName("signalbox.v1.Publisher/" + method);
            call.headers().set("authorization", "Bearer " + TestNode.KEY);
            if (encoding != null) {
                call.encoding(encoding);
            }
            call.end(message);
            return call.response();
        }));
    }

    /**
     * One {@code PublishStream} with the admin key, every request written then the stream ended;
     * each ack is added to {@code acks}. Returns the call's status.
     */
    GrpcStatus stream(List<PublishStreamRequest> requests, List<PublishAck> acks) throws Exception {
        return GrpcStreams.publish(client, address, requests, acks);
    }

    /**
     * A {@code PublishStream} call opened with the admin key, for a test that writes at its own
     * pace (flow control); it runs on the client's context.
     */
    Future<GrpcClientRequest<PublishStreamRequest, PublishAck>> openStream() {
        return client.request(address, PublisherGrpcClient.PublishStream).map(call -> {
            call.headers().set("authorization", "Bearer " + TestNode.KEY);
            return call;
        });
    }

    private static <Q, T> Answer<T> ended(Future<GrpcClientResponse<Q, T>> response) throws Exception {
        GrpcClientResponse<Q, T> call = response.await(WAIT_SECONDS, TimeUnit.SECONDS);
        // last() reads the answer, if any, and waits for the call's end, whatever its status.
        T answer = call.last().otherwiseEmpty().await(WAIT_SECONDS, TimeUnit.SECONDS);
        return new Answer<>(call.status(), call.statusMessage(), answer);
    }

    @Override
    public void close() throws Exception {
        client.close().await(10, TimeUnit.SECONDS);
    }
}
