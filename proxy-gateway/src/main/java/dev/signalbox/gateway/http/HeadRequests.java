package dev.signalbox.gateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * HEAD wherever GET is served (RFC 9110 9.3.2): the same status and headers as GET, no body.
 *
 * <p>Vert.x Web matches HEAD only to routes that name it, so {@link #serveWhereGetIs} adds HEAD to
 * every route that serves GET once the router is built; the GET handler then runs unchanged.
 * Vert.x's HTTP server already drops the body of a response to HEAD, but it also leaves out the
 * {@code Content-Length} it would compute for GET; {@link #lengthOfGetBody} puts it back from the
 * bytes the handler gave to {@code end}, just before the headers are written. Handlers that set
 * the length themselves (the console's static files) keep theirs.
 *
 * <p>A HEAD request runs the GET handler whole (a store read for a stored event, say): the length
 * of the body must be known to be stated. Stateless: call from any thread.
 */
final class HeadRequests {

    private HeadRequests() {}

    /** Adds HEAD to every route of {@code router} that serves GET; run after all routes exist. */
    static void serveWhereGetIs(Router router) {
        for (Route route : router.getRoutes()) {
            if (route.methods() != null && route.methods().contains(HttpMethod.GET)) {
                route.method(HttpMethod.HEAD);
            }
        }
    }

    /** A router-wide handler: for HEAD, states the length the GET body would have had. */
    static void lengthOfGetBody(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            HttpServerResponse response = ctx.response();
            // Runs inside end(body), after the body's bytes are counted and before the head goes
            // out: bytesWritten() is then the length the same answer to GET carries.
            ctx.addHeadersEndHandler(v -> {
                if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)
                        && !response.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                        && !response.isChunked()) {
                    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(response.bytesWritten()));
                }
            });
        }
        ctx.next();
    }
}
