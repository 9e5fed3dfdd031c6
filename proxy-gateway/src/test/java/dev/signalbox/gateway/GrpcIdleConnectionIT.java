package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import dev.signalbox.api.grpc.v1.PublisherGrpcClient;
import io.cloudevents.v1.proto.CloudEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.GoAway;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.junit5.VertxExtension;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC port's idle timeout ({@code --idle-timeout-ms}, 500 ms here): a connection that never
 * opens a call (nothing sent, a preface or a HEADERS frame cut short) is closed once the timeout
 * passes, and so is one whose last call ended that long ago, with a GOAWAY; a {@code
 * PublishStream} that stays open and quiet far longer, from a client without keepalive, keeps
 * its connection and still works; a unary client calling more often than the timeout keeps its
 * connection.
 */
@ExtendWith(VertxExtension.class)
class GrpcIdleConnectionIT {

    private static final Duration IDLE = Duration.ofMillis(500);
    /** Far more than the timeout, far less than "forever": how long a test waits for a close. */
    private static final int READ_LIMIT_MILLIS = 10_000;

    private TestNode node;
    private GrpcClient client;
    private SocketAddress address;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        node = TestNode.withIdleTimeout(vertx, dir, IDLE);
        assertEquals(201, node.api().put("/v1/buses/idle", "{}").status());
        client = GrpcClient.client(vertx);
        address = SocketAddress.inetSocketAddress(node.node().grpcPort(), "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        client.close().await(10, TimeUnit.SECONDS);
        node.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = RawHttp.open(node.node().grpcPort(), READ_LIMIT_MILLIS)) {
            assertClosedByTheTimeout(socket, System.nanoTime());
        }
    }

    @Test
    void aConnectionThatStopsHalfWayThroughThePrefaceIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = RawHttp.open(node.node().grpcPort(), READ_LIMIT_MILLIS)) {
            long start = System.nanoTime();
            RawHttp.send(socket, "PRI * HTTP/2.0\r\n");
            assertClosedByTheTimeout(socket, start);
        }
    }

    @Test
    void aConnectionThatStopsHalfWayThroughItsFirstHeadersIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket socket = RawHttp.open(node.node().grpcPort(), READ_LIMIT_MILLIS)) {
            long start = System.nanoTime();
            RawHttp.send(socket, RawHttp2.PREFACE);
            socket.getOutputStream().write(RawHttp2.EMPTY_SETTINGS);
            // A HEADERS frame that announces 64 bytes of stream 1 and sends 3: no call is open.
            socket.getOutputStream().write(RawHttp2.frameHeader(64, RawHttp2.HEADERS, RawHttp2.END_HEADERS, 1));
            socket.getOutputStream().write(new byte[] {(byte) 0x83, (byte) 0x86, (byte) 0x84});
            socket.getOutputStream().flush();
            assertClosedByTheTimeout(socket, start);
        }
    }

    @Test
    void aCallWhoseMessageStopsHalfWayThroughAFrameLosesItsConnectionAfterTheIdleTimeout() throws Exception {
        try (Socket socket = RawHttp.open(node.node().grpcPort(), READ_LIMIT_MILLIS)) {
            long start = System.nanoTime();
            RawHttp.send(socket, RawHttp2.PREFACE);
            socket.getOutputStream().write(RawHttp2.EMPTY_SETTINGS);
            socket.getOutputStream().write(RawHttp2.publishStreamHeaders(1, TestNode.KEY));
            // A DATA frame of 100 bytes of which the gRPC message prefix and one byte arrive: the
            // call is open, and the peer answers none of the server's PINGs.
            socket.getOutputStream().write(RawHttp2.frameHeader(100, RawHttp2.DATA, 0, 1));
            socket.getOutputStream().write(new byte[] {0, 0, 0, 0, 95, 10});
            socket.getOutputStream().flush();
            assertClosedByTheTimeout(socket, start);
        }
    }

    @Test
    void aQuietPublishStreamKeepsItsConnectionLongPastTheIdleTimeout() throws Exception {
        Stream stream = Stream.open(client, address);
        assertEquals("e-1", stream.publish(1).getResult().getId());

        // Nothing is sent on the stream for four timeouts: the connection must not close meanwhile.
        assertThrows(
                TimeoutException.class,
                () -> stream.closed.future().await(IDLE.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS),
                "the connection of a quiet open stream was closed");
        assertEquals(null, stream.goAway.future().result(), "no GOAWAY while the call is open");

        assertEquals("e-2", stream.publish(2).getResult().getId(), "the stream still works");
        assertEquals(GrpcStatus.OK, stream.end());
        assertEquals(200, node.api().get("/v1/buses/idle/events/e-2").status());
    }

    @Test
    void aConnectionIsShutDownWithAGoAwayOnceItsLastCallHasEndedForTheIdleTimeout() throws Exception {
        Stream stream = Stream.open(client, address);
        assertEquals("e-1", stream.publish(1).getResult().getId());
        assertEquals(GrpcStatus.OK, stream.end());
        long ended = System.nanoTime();

        stream.closed.future().await(READ_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
        long took = Duration.ofNanos(System.nanoTime() - ended).toMillis();
        assertTrue(took >= IDLE.toMillis() - 50, "closed by the timeout, not at once: " + took + " ms");
        GoAway goAway = stream.goAway.future().result();
        assertTrue(goAway != null, "a GOAWAY came before the close");
        assertEquals(0, goAway.getErrorCode(), "NO_ERROR: a graceful shutdown");
    }

    @Test
    void aUnaryClientCallingMoreOftenThanTheTimeoutKeepsItsConnection(Vertx vertx) throws Exception {
        HttpConnection first = null;
        long until = System.nanoTime() + IDLE.multipliedBy(4).toNanos();
        int calls = 0;
        while (System.nanoTime() < until) {
            GrpcClientRequest<PublishRequest, ?> call =
                    client.request(address, PublisherGrpcClient.Publish).await(10, TimeUnit.SECONDS);
            call.headers().set("authorization", "Bearer " + TestNode.KEY);
            call.end(PublishRequest.newBuilder()
                    .setBus("idle")
                    .addEvents(event("u-" + calls))
                    .build());
            GrpcClientResponse<PublishRequest, ?> response = call.response().await(10, TimeUnit.SECONDS);
            response.last().await(10, TimeUnit.SECONDS);
            assertEquals(GrpcStatus.OK, response.status());
            if (first == null) {
                first = call.connection();
            }
            assertSame(first, call.connection(), "call " + calls + " on the first connection");
            calls++;
            // The client's own pace, half the timeout between calls (not a wait for an outcome).
            vertx.timer(IDLE.toMillis() / 2).await(10, TimeUnit.SECONDS);
        }
        assertTrue(calls >= 4, "calls over four timeouts: " + calls);
    }

    private static void assertClosedByTheTimeout(Socket socket, long start) throws Exception {
        RawHttp.readUntilClosed(socket);
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(took >= IDLE.toMillis() - 50, "closed by the timeout, not at once: " + took + " ms");
        assertTrue(took < READ_LIMIT_MILLIS, "closed: " + took + " ms");
    }

    private static CloudEvent event(String id) {
        return CloudEvent.newBuilder()
                .setSpecVersion("1.0")
                .setId(id)
                .setSource("/idle")
                .setType("idle.test")
                .build();
    }

    /** One open {@code PublishStream}, its acks, and what happened to its connection. */
    private record Stream(
            GrpcClientRequest<PublishStreamRequest, PublishAck> call,
            LinkedBlockingQueue<PublishAck> acks,
            Future<GrpcStatus> status,
            Promise<Void> closed,
            Promise<GoAway> goAway) {

        static Stream open(GrpcClient client, SocketAddress address) throws Exception {
            LinkedBlockingQueue<PublishAck> acks = new LinkedBlockingQueue<>();
            Promise<Void> closed = Promise.promise();
            Promise<GoAway> goAway = Promise.promise();
            GrpcClientRequest<PublishStreamRequest, PublishAck> call =
                    client.request(address, PublisherGrpcClient.PublishStream).await(10, TimeUnit.SECONDS);
            call.headers().set("authorization", "Bearer " + TestNode.KEY);
            call.connection().closeHandler(v -> closed.tryComplete());
            call.connection().goAwayHandler(goAway::tryComplete);
            Future<GrpcStatus> status = call.response().compose(response -> {
                response.handler(acks::add);
                return response.end().map(v -> response.status());
            });
            return new Stream(call, acks, status, closed, goAway);
        }

        /** Sends event {@code e-<sequence>} and waits for its ack. */
        PublishAck publish(long sequence) throws Exception {
            call.write(GrpcStreams.streamed("idle", sequence, event("e-" + sequence)));
            PublishAck ack = acks.poll(10, TimeUnit.SECONDS);
            assertTrue(ack != null, "an ack for " + sequence);
            assertEquals(sequence, ack.getSequence());
            assertFalse(ack.getResult().hasError(), ack.toString());
            return ack;
        }

        GrpcStatus end() throws Exception {
            call.end();
            return status.await(10, TimeUnit.SECONDS);
        }
    }
}
