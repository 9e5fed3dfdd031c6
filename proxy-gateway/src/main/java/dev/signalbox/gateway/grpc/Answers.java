package dev.signalbox.gateway.grpc;

import dev.signalbox.core.ErrorType;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a gRPC call once the work it started is done, so that every call ends: what building
 * or sending the answer throws ends the call INTERNAL instead of leaving it open until the
 * client's deadline. The gRPC side of {@code http.Replies}.
 *
 * <p>Stateless; {@code reply} runs on the thread that completes {@code work} (the call's context
 * for every future the handlers pass), and so does the INTERNAL end.
 */
final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    private Answers() {}

    /**
     * Runs {@code reply} with the outcome of {@code work}, whether it succeeded or failed (a
     * call-level failure is the reply's to tell). If {@code reply} throws (a protobuf setter given
     * null, a write the stream refuses), the call ends INTERNAL with a message naming
     * {@code answer} ("the ack of sequence 7"), the stack trace goes to the log only, and the
     * returned future fails with what was thrown, so that a stream stops answering; otherwise it
     * succeeds once {@code reply} has run. Why not {@code work.onComplete(reply)}: Vert.x hands
     * what such a callback throws to the context's exception handler, and the call was never
     * ended. A {@code transform} step fails its future instead.
     */
    static <T> Future<Void> after(
            GrpcServerResponse<?, ?> response, String answer, Future<T> work, Handler<AsyncResult<T>> reply) {
        Future<Void> replied = work.transform(outcome -> {
            reply.handle(outcome);
            return Future.succeededFuture();
        });
        return replied.onFailure(failure -> failed(response, answer, failure));
    }

    /**
     * Registers {@code handler} for {@code method} on {@code server} so that what it throws ends
     * the call INTERNAL ({@link #failed}, naming "the answer to METHOD"), once: a handler that had
     * already ended its call keeps the status it sent. Every gRPC call handler is bound through
     * here (ArchitectureTest). Why: Vert.x hands what a call handler throws to the context's
     * exception handler, and a handler that threw before it set its message handler ended its
     * call UNKNOWN with no message (a second end, after the handler's own, reached the event
     * loop); what a message handler throws is {@link RequestMessages}'s to end.
     */
    static <Req, Resp> void bind(
            GrpcServer server, ServiceMethod<Req, Resp> method, Handler<GrpcServerRequest<Req, Resp>> handler) {
        String answer = "the answer to " + method.methodName();
        server.callHandler(method, call -> {
            try {
                handler.handle(call);
            } catch (RuntimeException e) {
                failed(call.response(), answer, e);
            }
        });
    }

    /**
     * Ends the call INTERNAL because the node failed to build or send {@code answer}; a call that
     * has already ended (its answer went out before the failure, or the client cancelled it) is
     * left as it is: Vert.x refuses a second end with IllegalStateException, and there is no one
     * left to tell.
     */
    static void failed(GrpcServerResponse<?, ?> response, String answer, Throwable failure) {
        LOG.error("gRPC: the node failed to build or send {}", answer, failure);
        try {
            response.status(GrpcStatus.valueOf(ErrorType.INTERNAL.grpcStatus()))
                    .statusMessage(ErrorType.INTERNAL.code() + ": The node failed to build or send " + answer
                            + "; the failure is logged.")
                    .end();
        } catch (IllegalStateException ended) {
            LOG.debug("gRPC: the call had already ended when {} failed ({})", answer, ended.getMessage());
        }
    }
}
