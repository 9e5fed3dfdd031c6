package dev.signalbox.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import dev.signalbox.api.grpc.v1.PublisherGrpcClient;
import dev.signalbox.api.grpc.v1.PublisherGrpcService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A call handler bound with {@link Answers#bind} that throws before it has set its message handler
 * ends its call INTERNAL at once, unary or stream, with a message naming the method and no stack
 * trace; registered with Vert.x's own callHandler, such a throw went to the event loop's exception
 * handler and the client saw UNKNOWN with no message. A handler that had already ended its call
 * keeps the status it sent, and its throw does not reach the event loop as a second end. The handlers throw for a real reason: they read a number from the
 * call's metadata, and the client sent a word. A real gRPC server on port 0, a real client.
 */
@ExtendWith(VertxExtension.class)
class CallHandlerFailureIT {

    /** Metadata the handlers read as a number before anything else. */
    private static final String PRIORITY = "x-priority";

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private GrpcClient client;
    private SocketAddress address;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        vertx.exceptionHandler(uncaught::add);
        GrpcServer grpc = GrpcServer.server(vertx);
        Answers.bind(grpc, PublisherGrpcService.Publish, CallHandlerFailureIT::publish);
        Answers.bind(grpc, PublisherGrpcService.PublishStream, CallHandlerFailureIT::publishStream);
        server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                .requestHandler(grpc)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        client = GrpcClient.client(
                vertx,
                new GrpcClientOptions()
                        .setScheduleDeadlineAutomatically(true)
                        .setTimeout(10)
                        .setTimeoutUnit(TimeUnit.SECONDS));
        address = SocketAddress.inetSocketAddress(server.actualPort(), "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        client.close().await(10, TimeUnit.SECONDS);
        server.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aUnaryCallHandlerThatThrowsEndsTheCallInternal() throws Exception {
        GrpcClientResponse<PublishRequest, PublishResponse> response = client.request(
                        address, PublisherGrpcClient.Publish)
                .compose(call -> {
                    call.headers().set(PRIORITY, "high");
                    return call.send(PublishRequest.newBuilder().setBus("b").build());
                })
                .await(30, TimeUnit.SECONDS);
        PublishResponse answer = response.last().otherwiseEmpty().await(30, TimeUnit.SECONDS);

        assertEquals(GrpcStatus.INTERNAL, response.status(), response.statusMessage());
        assertEquals(
                "internal: The node failed to build or send the answer to Publish; the failure is logged.",
                response.statusMessage());
        assertEquals(null, answer);
        assertTrue(uncaught.isEmpty(), "nothing reached the event loop: " + uncaught);
    }

    @Test
    void aStreamCallHandlerThatThrowsEndsTheCallInternal() throws Exception {
        List<PublishAck> acks = new CopyOnWriteArrayList<>();
        GrpcClientResponse<PublishStreamRequest, PublishAck> response = openStream("high", acks);
        response.end().otherwiseEmpty().await(30, TimeUnit.SECONDS);

        assertEquals(GrpcStatus.INTERNAL, response.status(), response.statusMessage());
        assertEquals(
                "internal: The node failed to build or send the answer to PublishStream; the failure is logged.",
                response.statusMessage());
        assertTrue(acks.isEmpty(), String.valueOf(acks));
        assertTrue(uncaught.isEmpty(), "nothing reached the event loop: " + uncaught);
    }

    @Test
    void aCallHandlerThatEndedItsCallBeforeItThrewKeepsTheStatusItSent() throws Exception {
        List<PublishAck> acks = new CopyOnWriteArrayList<>();
        GrpcClientResponse<PublishStreamRequest, PublishAck> response = openStream("-1", acks);
        response.end().otherwiseEmpty().await(30, TimeUnit.SECONDS);

        assertEquals(GrpcStatus.INVALID_ARGUMENT, response.status(), response.statusMessage());
        assertEquals("request.invalid: x-priority is negative", response.statusMessage());
        assertTrue(acks.isEmpty(), String.valueOf(acks));
        assertTrue(uncaught.isEmpty(), "nothing reached the event loop, no second end: " + uncaught);
    }

    /** A stream with one request, ended, its acks (if any) added to {@code acks}. */
    private GrpcClientResponse<PublishStreamRequest, PublishAck> openStream(String priority, List<PublishAck> acks)
            throws Exception {
        return client.request(address, PublisherGrpcClient.PublishStream)
                .compose(call -> {
                    call.headers().set(PRIORITY, priority);
                    // The ack handler is set by a listener of the response future, before anything
                    // is written (GrpcStreams says why).
                    Future<GrpcClientResponse<PublishStreamRequest, PublishAck>> response =
                            call.response().onSuccess(r -> r.handler(acks::add));
                    call.write(PublishStreamRequest.newBuilder().setBus("b").build());
                    call.end();
                    return response;
                })
                .await(30, TimeUnit.SECONDS);
    }

    /** Reads the call's priority before it sets a message handler; a word there throws. */
    private static void publish(GrpcServerRequest<PublishRequest, PublishResponse> call) {
        int priority = Integer.parseInt(call.headers().get(PRIORITY));
        call.handler(request -> call.response()
                .end(PublishResponse.newBuilder().setFailedEntryCount(priority).build()));
    }

    /**
     * As {@link #publish}, and it greets the client with an ack of its priority first; a negative
     * priority is refused with its own status, and then the greeting throws, as the call has ended
     * (the handler forgot to return).
     */
    private static void publishStream(GrpcServerRequest<PublishStreamRequest, PublishAck> call) {
        int priority = Integer.parseInt(call.headers().get(PRIORITY));
        if (priority < 0) {
            call.response()
                    .status(GrpcStatus.INVALID_ARGUMENT)
                    .statusMessage("request.invalid: x-priority is negative")
                    .end();
        }
        call.response().write(PublishAck.newBuilder().setSequence(priority).build());
        call.handler(request -> call.response().end());
    }
}
