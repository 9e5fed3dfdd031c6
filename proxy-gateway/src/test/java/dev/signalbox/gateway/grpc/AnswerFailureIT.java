package dev.signalbox.gateway.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import dev.signalbox.api.grpc.v1.PublishResult;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import dev.signalbox.api.grpc.v1.PublisherGrpcClient;
import dev.signalbox.api.grpc.v1.PublisherGrpcService;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import io.cloudevents.v1.proto.CloudEvent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A gRPC answer that throws while it is built after asynchronous work ({@link Answers}) ends the
 * call INTERNAL at once, with a message saying which answer failed and no stack trace: built in a
 * future's callback, the exception went to the event loop and the client waited for its deadline
 * (10 seconds here, far under the test's own wait, so a call left open fails the test). The
 * answer fails for a real reason: the work (on a worker, as a store call is) finds no id for an
 * event, and protobuf's setter refuses null. A stream's acks go through {@link StreamAcks}: in the
 * order sent, whatever order the works complete in, so the ack after a failed one is never sent.
 * A real gRPC server on port 0, a real client.
 */
@ExtendWith(VertxExtension.class)
class AnswerFailureIT {

    /** The ids the work finds; "unnumbered" has none. */
    private static final Map<String, String> IDS = Map.of("a", "id-a", "c", "id-c");

    /** A stream to this bus completes its works last to first. */
    private static final String REVERSED = "reversed";

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private GrpcClient client;
    private SocketAddress address;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        // What a callback throws and nothing catches lands here, not in the call.
        vertx.exceptionHandler(uncaught::add);
        GrpcServer grpc = GrpcServer.server(vertx);
        grpc.callHandler(PublisherGrpcService.Publish, call -> call.handler(request -> publish(vertx, call, request)));
        grpc.callHandler(PublisherGrpcService.PublishStream, call -> new AckingStream(vertx, call).start());
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
    void aUnaryAnswerThatCannotBeBuiltEndsTheCallInternal() throws Exception {
        Ended<PublishResponse> unbuildable = publish("unnumbered");
        assertEquals(GrpcStatus.INTERNAL, unbuildable.status(), String.valueOf(unbuildable.message()));
        assertEquals(
                "internal: The node failed to build or send the answer to Publish; the failure is logged.",
                unbuildable.message());
        assertTrue(unbuildable.answers().isEmpty());

        Ended<PublishResponse> buildable = publish("a");
        assertEquals(GrpcStatus.OK, buildable.status(), "an answer that can be built is sent as before");
        assertEquals("id-a", buildable.answers().get(0).getResults(0).getId());

        Ended<PublishResponse> failed = publish("refused");
        assertEquals(GrpcStatus.NOT_FOUND, failed.status(), "failed work is the reply's to answer");
        assertEquals("bus.not-found: There is no bus named 'refused'.", failed.message());

        assertTrue(uncaught.isEmpty(), "nothing reached the event loop: " + uncaught);
    }

    @Test
    void aStreamAckThatCannotBeBuiltEndsTheCallInternalOnce() throws Exception {
        Ended<PublishAck> ended = stream("b", List.of("a", "unnumbered", "c"));

        assertEquals(GrpcStatus.INTERNAL, ended.status(), String.valueOf(ended.message()));
        assertEquals(
                "internal: The node failed to build or send the ack of sequence 2; the failure is logged.",
                ended.message());
        List<PublishAck> acks = ended.answers();
        assertEquals(1, acks.size(), "the ack before the failure, none after: " + acks);
        assertEquals(1, acks.get(0).getSequence());
        assertEquals("id-a", acks.get(0).getResult().getId());
        assertTrue(uncaught.isEmpty(), "nothing reached the event loop, no second end: " + uncaught);
    }

    @Test
    void aStreamsAcksGoOutInTheOrderSentWhenLaterWorkCompletesFirst() throws Exception {
        Ended<PublishAck> ended = stream(REVERSED, List.of("a", "c", "a"));

        assertEquals(GrpcStatus.OK, ended.status(), String.valueOf(ended.message()));
        assertEquals(
                List.of(1L, 2L, 3L),
                ended.answers().stream().map(PublishAck::getSequence).toList(),
                "acks in the order sent: " + ended.answers());
        assertEquals(
                List.of("id-a", "id-c", "id-a"),
                ended.answers().stream().map(a -> a.getResult().getId()).toList());
        assertTrue(uncaught.isEmpty(), "nothing reached the event loop: " + uncaught);
    }

    /** Sends one stream request per id, sequences from 1, ends the stream, and waits for its end. */
    private Ended<PublishAck> stream(String bus, List<String> eventIds) throws Exception {
        List<PublishAck> acks = new CopyOnWriteArrayList<>();
        return client.request(address, PublisherGrpcClient.PublishStream)
                .compose(call -> {
                    Future<Ended<PublishAck>> status = call.response().compose(response -> {
                        response.handler(acks::add);
                        return response.end()
                                .otherwiseEmpty()
                                .map(v -> new Ended<>(response.status(), trailingMessage(response), acks));
                    });
                    for (int i = 0; i < eventIds.size(); i++) {
                        call.write(streamed(bus, i + 1, eventIds.get(i)));
                    }
                    call.end();
                    return status;
                })
                .await(30, TimeUnit.SECONDS);
    }

    /** How a call ended, and what it answered before. */
    record Ended<T>(GrpcStatus status, String message, List<T> answers) {}

    /**
     * The status message of a call that answered before it ended: it is in the trailers, where
     * the Vert.x client's statusMessage() does not look (it reads only a trailers-only answer).
     */
    private static String trailingMessage(GrpcClientResponse<?, ?> response) {
        String message = response.trailers().get("grpc-message");
        return message == null ? response.statusMessage() : QueryStringDecoder.decodeComponent(message);
    }

    private Ended<PublishResponse> publish(String eventId) throws Exception {
        GrpcClientResponse<PublishRequest, PublishResponse> response = client.request(
                        address, PublisherGrpcClient.Publish)
                .compose(call -> call.send(PublishRequest.newBuilder()
                        .setBus(eventId)
                        .addEvents(event(eventId))
                        .build()))
                .await(30, TimeUnit.SECONDS);
        PublishResponse answer = response.last().otherwiseEmpty().await(30, TimeUnit.SECONDS);
        return new Ended<>(response.status(), response.statusMessage(), answer == null ? List.of() : List.of(answer));
    }

    /** A unary call answered with the id its work finds; "refused" fails the work itself. */
    private static void publish(
            Vertx vertx, GrpcServerRequest<PublishRequest, PublishResponse> call, PublishRequest request) {
        String eventId = request.getEvents(0).getId();
        Future<String> numbered = vertx.executeBlocking(
                () -> {
                    if (eventId.equals("refused")) {
                        throw new SignalboxException(ErrorType.BUS_NOT_FOUND, "There is no bus named 'refused'.");
                    }
                    return IDS.get(eventId);
                },
                false);
        Answers.after(call.response(), "the answer to Publish", numbered, done -> {
            if (done.failed()) {
                SignalboxException e = (SignalboxException) done.cause();
                call.response()
                        .status(PublisherHandler.status(e.type()))
                        .statusMessage(e.type().code() + ": " + e.detail())
                        .end();
                return;
            }
            call.response()
                    .end(PublishResponse.newBuilder()
                            .addResults(PublishResult.newBuilder().setId(done.result()))
                            .build());
        });
    }

    /**
     * A stream acked through {@link StreamAcks}, as the publisher's stream is: in the order the
     * requests were sent, whatever order their work completes in; once an ack fails, later ones
     * are not written and the stream is not ended again. Confined to the call's context.
     */
    private static final class AckingStream {
        private final Vertx vertx;
        private final GrpcServerRequest<PublishStreamRequest, PublishAck> call;
        private final StreamAcks<PublishAck> acks;
        /** On the {@link #REVERSED} bus: each work's completion, held until the third request. */
        private final List<Runnable> held = new ArrayList<>();

        private boolean isEnded;

        AckingStream(Vertx vertx, GrpcServerRequest<PublishStreamRequest, PublishAck> call) {
            this.vertx = vertx;
            this.call = call;
            this.acks = new StreamAcks<>(call.response(), this::finishIfDone);
        }

        void start() {
            call.handler(request -> {
                String eventId = request.getEvent().getId();
                Future<String> numbered;
                if (request.getBus().equals(REVERSED)) {
                    Promise<String> work = Promise.promise();
                    held.add(() -> work.complete(IDS.get(eventId)));
                    numbered = work.future();
                } else {
                    // Unordered on purpose: the works may complete in any order, and a fast one
                    // before its ack is asked for; the acks may not go out of order.
                    numbered = vertx.executeBlocking(() -> IDS.get(eventId), false);
                }
                acks.add("the ack of sequence " + request.getSequence(), numbered, done -> PublishAck.newBuilder()
                        .setSequence(request.getSequence())
                        .setResult(PublishResult.newBuilder().setId(done.result()))
                        .build());
                if (held.size() == 3) {
                    // The last request's work completes first, the first's last.
                    for (int i = held.size() - 1; i >= 0; i--) {
                        held.get(i).run();
                    }
                }
            });
            call.endHandler(v -> {
                isEnded = true;
                finishIfDone();
            });
        }

        private void finishIfDone() {
            if (isEnded && acks.pending() == 0 && !acks.isStopped()) {
                call.response().end();
            }
        }
    }

    private static PublishStreamRequest streamed(String bus, long sequence, String eventId) {
        return PublishStreamRequest.newBuilder()
                .setBus(bus)
                .setSequence(sequence)
                .setEvent(event(eventId))
                .build();
    }

    private static CloudEvent event(String id) {
        return CloudEvent.newBuilder()
                .setId(id)
                .setSource("/answers")
                .setSpecVersion("1.0")
                .setType("t")
                .build();
    }
}
