package dev.signalbox.gateway.grpc;

import dev.signalbox.api.grpc.v1.PublishAck;
import dev.signalbox.api.grpc.v1.PublishError;
import dev.signalbox.api.grpc.v1.PublishRequest;
import dev.signalbox.api.grpc.v1.PublishResponse;
import dev.signalbox.api.grpc.v1.PublishResult;
import dev.signalbox.api.grpc.v1.PublishStreamRequest;
import dev.signalbox.api.grpc.v1.PublisherGrpcService;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.auth.ApiKeyAuth;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.IngestLimits;
import dev.signalbox.gateway.ingest.Accepted;
import dev.signalbox.gateway.ingest.HeaderBytes;
import dev.signalbox.gateway.ingest.IngestService;
import dev.signalbox.gateway.ingest.RateLimiter;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcError;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.InvalidMessageException;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code signalbox.v1.Publisher} gRPC service: the same validation, auth, limits and store
 * path as HTTP, with the error catalogue's gRPC statuses. A call-level problem (no key, unknown
 * bus) ends the call with its status; a problem with one event is that event's result, and the
 * batch or stream goes on.
 *
 * <p>Threading: handlers run on the gRPC server's event loop; a stream's state is confined to
 * the context of its call.
 */
public final class PublisherHandler {

    /** Events of one stream being stored at once before the server stops reading it. */
    static final int MAX_IN_FLIGHT = 256;

    private static final Logger LOG = LoggerFactory.getLogger(PublisherHandler.class);

    private final BusCatalog catalog;
    private final IngestService ingest;
    private final ApiKeyAuth auth;
    private final RateLimiter limiter;
    /** The node's bound on one gRPC message, also after a compressed one is inflated. */
    private final int maxMessageBytes;

    public PublisherHandler(
            BusCatalog catalog, IngestService ingest, ApiKeyAuth auth, RateLimiter limiter, int maxMessageBytes) {
        this.catalog = catalog;
        this.maxMessageBytes = maxMessageBytes;
        this.ingest = ingest;
        this.auth = auth;
        this.limiter = limiter;
    }

    /** Registers both methods; what either call handler throws ends its call INTERNAL (Answers.bind). */
    public void bind(GrpcServer server) {
        Answers.bind(server, PublisherGrpcService.Publish, this::publish);
        Answers.bind(server, PublisherGrpcService.PublishStream, this::publishStream);
    }

    private void publish(GrpcServerRequest<PublishRequest, PublishResponse> call) {
        Optional<SignalboxException> refused = auth.check(call.headers().get("authorization"));
        if (refused.isPresent()) {
            fail(call.response(), refused.get());
            return;
        }
        call.invalidMessageHandler(invalid -> fail(call.response(), malformed(invalid, ErrorType.BATCH_TOO_LARGE)));
        call.messageHandler(RequestMessages.decoding(
                "PublishRequest",
                PublisherGrpcService.Publish.decoder(),
                maxMessageBytes,
                ErrorType.BATCH_TOO_LARGE,
                call.response(),
                request -> publishBatch(call, request),
                malformed -> fail(call.response(), malformed)));
    }

    private void publishBatch(GrpcServerRequest<PublishRequest, PublishResponse> call, PublishRequest request) {
        BusState bus;
        try {
            bus = catalog.requireBus(request.getBus());
        } catch (SignalboxException e) {
            fail(call.response(), e);
            return;
        }
        IngestLimits limits = bus.limits();
        try {
            requireHeaders(call, limits);
            requireBatch(request, limits);
            limiter.acquire(ApiKeyAuth.ADMIN_KEY_ID, request.getEventsCount());
        } catch (SignalboxException e) {
            ingest.rejected(bus.name(), e); // counted by reason, as HTTP counts a refused request
            fail(call.response(), e);
            return;
        }
        List<Future<Accepted>> results = publishAll(bus, request.getEventsList(), limits.maxEventBytes());
        Answers.after(call.response(), "the answer to Publish", Future.join(results), done -> {
            PublishResponse.Builder response = PublishResponse.newBuilder();
            int failed = 0;
            for (Future<Accepted> result : results) {
                response.addResults(result(result));
                failed += result.succeeded() ? 0 : 1;
            }
            call.response().end(response.setFailedEntryCount(failed).build());
        });
    }

    private void publishStream(GrpcServerRequest<PublishStreamRequest, PublishAck> call) {
        Optional<SignalboxException> refused = auth.check(call.headers().get("authorization"));
        if (refused.isPresent()) {
            fail(call.response(), refused.get());
            return;
        }
        new PublishStream(call).start();
    }

    /** One stream: reads events, stores them, acks each, and stops reading when too many are pending. */
    private final class PublishStream {
        private final GrpcServerRequest<PublishStreamRequest, PublishAck> call;
        private final GrpcServerResponse<PublishStreamRequest, PublishAck> response;
        private final StreamAcks<PublishAck> acks;
        private BusState bus;
        private boolean isPaused;
        private boolean isEnded;
        private boolean isFailed;

        PublishStream(GrpcServerRequest<PublishStreamRequest, PublishAck> call) {
            this.call = call;
            this.response = call.response();
            this.acks = new StreamAcks<>(response, this::acked);
        }

        void start() {
            call.invalidMessageHandler(invalid -> refuse(malformed(invalid, ErrorType.EVENT_TOO_LARGE)));
            call.messageHandler(RequestMessages.decoding(
                    "PublishStreamRequest",
                    PublisherGrpcService.PublishStream.decoder(),
                    maxMessageBytes,
                    ErrorType.EVENT_TOO_LARGE,
                    response,
                    this::onEvent,
                    this::refuse));
            call.endHandler(v -> {
                isEnded = true;
                finishIfDone();
            });
            call.errorHandler(this::cancelled);
            call.exceptionHandler(e -> {
                LOG.debug("gRPC: a publish stream broke; no more acks", e);
                stopAnswering();
            });
            response.drainHandler(v -> flowControl());
        }

        private void onEvent(PublishStreamRequest request) {
            if (isFailed) {
                return;
            }
            if (bus == null) {
                try {
                    bus = catalog.requireBus(request.getBus());
                } catch (SignalboxException e) {
                    refuse(e);
                    return;
                }
                try {
                    requireHeaders(call, bus.limits());
                } catch (SignalboxException e) {
                    ingest.rejected(bus.name(), e);
                    refuse(e);
                    return;
                }
            }
            Future<Accepted> stored =
                    !request.getBus().isEmpty() && !request.getBus().equals(bus.name())
                            ? Future.failedFuture(new SignalboxException(
                                    ErrorType.REQUEST_INVALID,
                                    "A stream publishes to one bus; it started with '" + bus.name() + "'."))
                            : limited(bus, request.getEvent());
            acks.add("the ack of sequence " + request.getSequence(), stored, done -> PublishAck.newBuilder()
                    .setSequence(request.getSequence())
                    .setResult(result(stored))
                    .build());
            flowControl();
        }

        /** Ends the call with {@code e}'s status, once; events stored before stay stored, unacked. */
        private void refuse(SignalboxException e) {
            if (!isFailed) {
                stopAnswering();
                fail(response, e);
            }
        }

        /**
         * The client cancelled the call (or reset its stream): a client may stop publishing at
         * any time, so this is no fault of the node. The stream stops acking and lets go of the
         * acks it was waiting to write, quietly: a write to the reset stream throws, and that was
         * logged as the node's own failure, an ERROR per cancelled stream. Events being stored
         * stay stored.
         */
        private void cancelled(GrpcError error) {
            LOG.debug("gRPC: a publish stream ended by its client ({}); {} acks not sent", error, acks.pending());
            stopAnswering();
        }

        /** After acks were written, or dropped because one failed and ended the call INTERNAL. */
        private void acked() {
            if (acks.hasFailed()) {
                stopAnswering();
            }
            flowControl();
            finishIfDone();
        }

        /**
         * The call has ended (refused, or INTERNAL because an ack could not be built or sent): no
         * later ack is written and the end is not repeated, and the rest of what the client sends
         * is read and dropped, so a paused stream does not sit on the connection's flow-control
         * window.
         */
        private void stopAnswering() {
            isFailed = true;
            acks.stop();
            if (isPaused) {
                isPaused = false;
                call.resume();
            }
        }

        /** Reads only while few events are pending and the client keeps up with the acks. */
        private void flowControl() {
            if (isFailed) {
                return;
            }
            boolean shouldPause = acks.pending() >= MAX_IN_FLIGHT || response.writeQueueFull();
            if (shouldPause && !isPaused) {
                isPaused = true;
                call.pause();
            } else if (!shouldPause && isPaused && acks.pending() <= MAX_IN_FLIGHT / 2) {
                isPaused = false;
                call.resume();
            }
        }

        private void finishIfDone() {
            if (isEnded && acks.pending() == 0 && !isFailed) {
                response.end();
            }
        }
    }

    private Future<Accepted> limited(BusState bus, io.cloudevents.v1.proto.CloudEvent proto) {
        try {
            limiter.acquire(ApiKeyAuth.ADMIN_KEY_ID, 1);
        } catch (SignalboxException e) {
            ingest.rejected(bus.name(), e);
            return Future.failedFuture(e);
        }
        return store(bus, proto);
    }

    /** A bus that lowered its header limit holds the call's metadata to it; see {@link HeaderBytes}. */
    private static void requireHeaders(GrpcServerRequest<?, ?> call, IngestLimits limits) {
        if (limits.maxHeaderBytes() >= IngestLimits.SERVER_HEADER_BYTES) {
            return;
        }
        long bytes = HeaderBytes.of(call.headers());
        if (bytes > limits.maxHeaderBytes()) {
            throw new SignalboxException(
                    ErrorType.HEADERS_TOO_LARGE,
                    "The call's metadata is " + bytes + " bytes; this bus accepts up to " + limits.maxHeaderBytes()
                            + " bytes of headers (limits.maxHeaderBytes).");
        }
    }

    /** A unary batch over the bus's entry or byte limit fails as a whole, as an HTTP batch does. */
    private static void requireBatch(PublishRequest request, IngestLimits limits) {
        if (request.getEventsCount() > limits.maxBatchEntries()) {
            throw new SignalboxException(
                    ErrorType.BATCH_TOO_LARGE,
                    "The batch has " + request.getEventsCount() + " events; this bus accepts at most "
                            + limits.maxBatchEntries() + " per request (limits.maxBatchEntries).");
        }
        if (request.getSerializedSize() > limits.maxBatchBytes()) {
            throw new SignalboxException(
                    ErrorType.BATCH_TOO_LARGE,
                    "The batch is " + request.getSerializedSize() + " bytes; this bus accepts batches up to "
                            + limits.maxBatchBytes() + " bytes (limits.maxBatchBytes); split it.");
        }
    }

    /** Every event of a unary batch: the valid ones stored as one store request, each with its own result. */
    private List<Future<Accepted>> publishAll(
            BusState bus, List<io.cloudevents.v1.proto.CloudEvent> protos, int maxEventBytes) {
        List<Event> events = new ArrayList<>(protos.size());
        List<Future<Accepted>> results = new ArrayList<>(protos.size());
        for (io.cloudevents.v1.proto.CloudEvent proto : protos) {
            try {
                events.add(ProtoEvents.read(proto, maxEventBytes));
                results.add(null); // filled below, in order
            } catch (SignalboxException e) {
                ingest.rejected(bus.name(), e);
                results.add(Future.failedFuture(e));
            }
        }
        List<Future<Accepted>> stored = ingest.publishAll(bus, events);
        int next = 0;
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) == null) {
                results.set(i, stored.get(next++));
            }
        }
        return results;
    }

    private Future<Accepted> store(BusState bus, io.cloudevents.v1.proto.CloudEvent proto) {
        try {
            return ingest.publish(bus, ProtoEvents.read(proto, bus.limits().maxEventBytes()));
        } catch (SignalboxException e) {
            ingest.rejected(bus.name(), e);
            return Future.failedFuture(e);
        }
    }

    private static PublishResult result(Future<Accepted> outcome) {
        if (outcome.succeeded()) {
            return PublishResult.newBuilder()
                    .setId(outcome.result().id())
                    .setDeduplicated(outcome.result().isDuplicate())
                    .build();
        }
        SignalboxException e = outcome.cause() instanceof SignalboxException known
                ? known
                : new SignalboxException(ErrorType.INTERNAL, "The node failed to store this event.");
        PublishError.Builder error = PublishError.newBuilder()
                .setCode(e.type().code())
                .setGrpcStatus(status(e.type()).code)
                .setMessage(e.detail());
        for (Violation v : e.violations()) {
            error.addViolations(dev.signalbox.api.grpc.v1.Violation.newBuilder()
                    .setPointer(v.pointer())
                    .setDetail(v.message()));
        }
        return PublishResult.newBuilder().setError(error).build();
    }

    /**
     * A message frame the server refused before decoding it. Vert.x's own handling ends a too-large
     * one with a bare RESOURCE_EXHAUSTED and resets the stream for any other (the client sees
     * CANCELLED); this says what was wrong with the catalogue's code. (A frame that arrives whole
     * but is not protobuf is {@link RequestMessages}'s.)
     */
    private static SignalboxException malformed(InvalidMessageException invalid, ErrorType tooLarge) {
        if (invalid instanceof MessageSizeOverflowException overflow) {
            // A unary message is a batch; a stream's message is one event.
            return new SignalboxException(
                    tooLarge,
                    "The message is " + overflow.messageSize() + " bytes, more than this node accepts in one gRPC"
                            + " message (its request body limit)"
                            + (tooLarge == ErrorType.BATCH_TOO_LARGE ? "; split the batch." : "."));
        }
        return new SignalboxException(
                ErrorType.REQUEST_MALFORMED,
                "The gRPC message frame is invalid"
                        + (invalid.getCause() == null
                                ? "."
                                : ": " + invalid.getCause().getMessage()));
    }

    static GrpcStatus status(ErrorType type) {
        return GrpcStatus.valueOf(type.grpcStatus());
    }

    private static void fail(GrpcServerResponse<?, ?> response, SignalboxException e) {
        response.status(status(e.type()))
                .statusMessage(e.type().code() + ": " + e.detail())
                .end();
    }
}
