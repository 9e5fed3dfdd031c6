package dev.signalbox.gateway.http;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests the HTTP/1.1 decoder refused before any route saw them (headers or request
 * line over the server's limits, broken framing) with a problem that says the limit, instead of
 * Vert.x's bare status. The connection is closed after the answer, as the decoder's state is
 * lost.
 *
 * <p>Threading: stateless apart from its limits; one instance may serve every event loop.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {

    private final int maxHeaderBytes;
    private final int maxInitialLineBytes;

    public InvalidRequests(int maxHeaderBytes, int maxInitialLineBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxInitialLineBytes = maxInitialLineBytes;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        SignalboxException problem;
        if (cause instanceof TooLongHttpHeaderException) {
            problem = new SignalboxException(
                    ErrorType.HEADERS_TOO_LARGE,
                    "The request's headers are larger than the " + maxHeaderBytes + " bytes this node accepts.");
        } else if (cause instanceof TooLongHttpLineException) {
            problem = new SignalboxException(
                    ErrorType.URI_TOO_LONG,
                    "The request line is longer than the " + maxInitialLineBytes + " bytes this node accepts.");
        } else {
            problem = new SignalboxException(
                    ErrorType.REQUEST_MALFORMED,
                    "The request is not valid HTTP/1.1"
                            + (cause == null || cause.getMessage() == null ? "." : ": " + cause.getMessage()));
        }
        String path = request.path() == null ? "" : request.path();
        request.response()
                .setStatusCode(problem.type().httpStatus())
                .putHeader("content-type", Problems.MEDIA_TYPE)
                .putHeader("connection", "close")
                .end(Json.bytes(Problems.body(problem, path)))
                .onComplete(done -> request.connection().close());
    }
}
