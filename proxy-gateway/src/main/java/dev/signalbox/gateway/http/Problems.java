package dev.signalbox.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.ingest.RateLimiter;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one translator from errors to RFC 9457 {@code application/problem+json}: the error's
 * catalogue entry gives the status, type and title, the exception the detail, and its
 * violations become {@code errors[]} with JSON Pointers. Anything not in the catalogue is a
 * bug and answers 500 without leaking internals. Stateless.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final Pattern EVENTS_PATH = Pattern.compile("/v1/buses/[^/]+/events/?");

    private Problems() {}

    /** The failure handler of every route. */
    public static void handleFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof SignalboxException e) {
            send(ctx, e);
        } else if (ctx.statusCode() == 413) {
            send(
                    ctx,
                    new SignalboxException(
                            isEventPost(ctx) ? ErrorType.EVENT_TOO_LARGE : ErrorType.REQUEST_TOO_LARGE,
                            "The request body is larger than this node accepts."));
        } else if (ctx.statusCode() == 404) {
            send(ctx, notFound(ctx));
        } else if (ctx.statusCode() == 405) {
            send(
                    ctx,
                    new SignalboxException(
                            ErrorType.METHOD_NOT_ALLOWED,
                            ctx.request().method() + " is not allowed on "
                                    + ctx.request().path() + "."));
        } else if (failure == null && ctx.statusCode() == 416) {
            // Vert.x's static handler (the console) has already put Content-Range: bytes */<length>.
            send(
                    ctx,
                    new SignalboxException(
                            ErrorType.RANGE_NOT_SATISFIABLE,
                            "The Range header names no byte of this file (it starts past the end, or ends"
                                    + " before it starts); Content-Range gives the file's length."));
        } else if (failure != null && !ctx.request().isEnded() && raisedByTransport(failure)) {
            // The body handler reports the request's stream breaking before its body ended.
            closeBroken(ctx.request(), failure);
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            send(
                    ctx,
                    new SignalboxException(
                            ErrorType.REQUEST_INVALID,
                            "The request could not be handled (HTTP " + ctx.statusCode() + ")."));
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
            send(
                    ctx,
                    new SignalboxException(
                            ErrorType.INTERNAL, "The node failed to handle this request; the failure is logged."));
        }
    }

    /**
     * The body went over the node's request limit. On the events route that is the event (or, for
     * a batch, the batch byte limit); on every other call, a control-plane one (buses, rules,
     * schemas, connections, redrives), it is the request itself: clients there must not be told
     * their rule is a CloudEvent.
     */
    static SignalboxException bodyTooLarge(RoutingContext ctx, int maxBodyBytes) {
        if (!isEventPost(ctx)) {
            return new SignalboxException(
                    ErrorType.REQUEST_TOO_LARGE,
                    "The request body is larger than the " + maxBodyBytes + " bytes this node accepts for "
                            + ctx.request().method() + " " + ctx.request().path() + ".");
        }
        return eventTooLarge(ctx.request(), maxBodyBytes);
    }

    /** A body on the events route over the node's limit: the batch byte limit, or the event size. */
    static SignalboxException eventTooLarge(HttpServerRequest request, int maxBodyBytes) {
        String type = EventRequests.mediaType(request.getHeader("content-type"));
        if (type.equals(EventRequests.BATCH)) {
            return new SignalboxException(
                    ErrorType.BATCH_TOO_LARGE,
                    "The batch is larger than the " + maxBodyBytes + " bytes this node accepts in one request;"
                            + " split it.");
        }
        return new SignalboxException(
                ErrorType.EVENT_TOO_LARGE,
                "The request body is larger than the " + maxBodyBytes + " bytes this node accepts.");
    }

    /** {@code POST /v1/buses/{bus}/events}: the one call whose body is events. */
    private static boolean isEventPost(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.POST
                && EVENTS_PATH.matcher(ctx.request().path()).matches();
    }

    static SignalboxException notFound(RoutingContext ctx) {
        return new SignalboxException(
                ErrorType.ROUTE_NOT_FOUND,
                "There is nothing at " + ctx.request().path() + ".");
    }

    public static void send(RoutingContext ctx, SignalboxException e) {
        send(ctx.request(), e);
    }

    /**
     * A failure of a request no router handled ({@link EventIngress}): typed errors answer as
     * themselves, anything else is a bug, logged and answered 500 without internals.
     */
    static void sendFailure(HttpServerRequest request, Throwable failure) {
        if (failure instanceof SignalboxException e) {
            send(request, e);
            return;
        }
        LOG.error("{} {} failed", request.method(), request.path(), failure);
        send(
                request,
                new SignalboxException(
                        ErrorType.INTERNAL, "The node failed to handle this request; the failure is logged."));
    }

    /** A failure after the request's answer was sent: nothing is left to answer, so it is only logged. */
    static void failedAfterAnswer(HttpServerRequest request, Throwable failure) {
        LOG.error("{} {} failed after its answer was sent", request.method(), request.path(), failure);
    }

    /**
     * A request whose stream broke before its body ended: the connection closed under it (the
     * client went away, the idle timeout cut a body that stopped coming), the client reset it, or
     * the HTTP decoder refused the body's framing (a chunk size that is not hex). Vert.x closes
     * the connection after each, so there is no one to answer and nothing was done: none is the
     * node's failure, none is logged as an error or counted as a 500. A close is routine
     * (debug); the others say a client misbehaved, one line each without a stack trace.
     */
    static void closeBroken(HttpServerRequest request, Throwable failure) {
        if (failure instanceof HttpClosedException) {
            LOG.debug("{} {}: the connection closed before the request ended", request.method(), request.path());
        } else {
            LOG.info(
                    "{} {}: the request broke before its body ended ({}); nothing was done",
                    request.method(),
                    request.path(),
                    String.valueOf(failure));
        }
        request.connection().close();
    }

    /**
     * Whether a failure came from the connection or the HTTP decoder rather than from a handler:
     * a request that is not ended when a handler throws (one without a body handler, a GET on
     * the console, say) is the node's bug all the same, and must answer 500 and be logged.
     */
    private static boolean raisedByTransport(Throwable failure) {
        if (failure instanceof HttpClosedException) {
            return true;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.signalbox.")) {
                return false;
            }
        }
        return true;
    }

    public static void send(HttpServerRequest request, SignalboxException e) {
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        ErrorType type = e.type();
        response.setStatusCode(type.httpStatus()).putHeader("content-type", MEDIA_TYPE);
        if (type.httpStatus() == 401) {
            response.putHeader("www-authenticate", "Bearer realm=\"signalbox\"");
        }
        if (e instanceof RateLimiter.RateLimitedException limited) {
            response.putHeader("retry-after", String.valueOf(limited.retryAfterSeconds()));
        } else if (type.httpStatus() == 503 || type.httpStatus() == 429) {
            response.putHeader("retry-after", "1");
        }
        response.end(Json.bytes(body(e, request.path())));
    }

    static ObjectNode body(SignalboxException e, String instance) {
        ErrorType type = e.type();
        ObjectNode problem = JsonNodeFactory.instance
                .objectNode()
                .put("type", type.typeUri())
                .put("title", type.title())
                .put("status", type.httpStatus())
                .put("detail", e.detail())
                .put("code", type.code())
                .put("instance", instance);
        if (!e.violations().isEmpty()) {
            ArrayNode errors = problem.putArray("errors");
            for (Violation v : e.violations()) {
                // "message" repeats "detail" under the name the schema registry's clients read.
                errors.addObject()
                        .put("pointer", v.pointer())
                        .put("detail", v.message())
                        .put("message", v.message());
            }
        }
        return problem;
    }
}
