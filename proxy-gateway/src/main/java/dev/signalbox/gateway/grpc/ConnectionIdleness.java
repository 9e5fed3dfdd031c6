package dev.signalbox.gateway.grpc;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC port's idle timeout as gRPC servers have it (grpc-java's {@code maxConnectionIdle}): a
 * connection on which no call has been open for the timeout is shut down with a GOAWAY, while a
 * connection with a call open is kept however quiet the call is, and its idle clock starts again
 * when its last call ends.
 *
 * <p>It works with the HTTP server's read idle timeout, set to the same duration, which closes a
 * connection from which nothing was read for that long. That alone covers the time before a
 * connection speaks HTTP/2 (nothing sent, a preface or SETTINGS cut short), which no handler
 * sees. So that it closes only peers that stopped, the server sends an HTTP/2 PING on each
 * HTTP/2 connection every quarter of the timeout: every HTTP/2 client answers one at once, so a
 * live client is read from however quiet its calls are, while a peer that stopped sending, even
 * in the middle of a frame, cannot answer and is closed. Whether a live client's connection is
 * kept then depends only on its calls, and this class shuts it down with a GOAWAY (the read
 * timeout closes the socket without one). Client PINGs do not keep a connection with no call.
 *
 * <p>Threading: the verticle that owns the HTTP server makes one, and every method runs on that
 * verticle's event loop (its connections, their streams and the timers set here all run there),
 * so nothing is shared across threads.
 */
final class ConnectionIdleness {

    private final Vertx vertx;
    private final Duration timeout;
    private final Map<HttpConnection, Calls> connections = new IdentityHashMap<>();

    /** {@code timeout} is positive; a zero timeout means no instance at all. */
    ConnectionIdleness(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
    }

    /** For the HTTP server's connection handler: starts the idle clock of a new connection. */
    void connected(HttpConnection connection) {
        Calls calls = new Calls(connection);
        connections.put(connection, calls);
        connection.closeHandler(v -> connections.remove(connection).stop());
    }

    /** Wraps the server's request handler so that each request counts as a call while it is open. */
    Handler<HttpServerRequest> counting(Handler<HttpServerRequest> requests) {
        return request -> {
            Calls calls = connections.get(request.connection());
            if (calls != null) {
                calls.opened(request);
            }
            requests.handle(request);
        };
    }

    /** One connection's open calls and its timer. */
    private final class Calls {

        private final HttpConnection connection;
        private final long timerId;
        private final boolean http2;
        private int open;
        private long idleSince = System.nanoTime();
        private long pings;

        Calls(HttpConnection connection) {
            this.connection = connection;
            this.http2 = speaksHttp2(connection);
            // A quarter of the timeout: the pings leave the peer three quarters to answer, and the
            // shutdown comes at most a quarter late.
            this.timerId = vertx.setPeriodic(Math.max(1, timeout.toMillis() / 4), id -> tick());
        }

        void opened(HttpServerRequest request) {
            open++;
            // Whichever comes first: the answer ended (the call is over for gRPC), or the stream
            // closed without one (reset, or the connection went).
            boolean[] ended = {false};
            Handler<Void> end = v -> {
                if (!ended[0]) {
                    ended[0] = true;
                    closed();
                }
            };
            request.response().endHandler(end).closeHandler(end);
        }

        private void closed() {
            open--;
            if (open == 0) {
                idleSince = System.nanoTime();
            }
        }

        private void tick() {
            if (open == 0 && System.nanoTime() - idleSince >= timeout.toNanos()) {
                vertx.cancelTimer(timerId);
                // GOAWAY, then a call the client started before reading it may still finish.
                connection.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } else if (http2) {
                // An unanswered ping fails with the connection, which the read timeout closes.
                connection.ping(Buffer.buffer(8).appendLong(++pings));
            }
        }

        void stop() {
            vertx.cancelTimer(timerId);
        }
    }

    /**
     * HTTP/2 (prior knowledge) or HTTP/1.x, which the port also answers: Vert.x's connection
     * interface says so only by refusing SETTINGS on HTTP/1.x. An HTTP/1.x connection cannot be
     * pinged, so a quiet request on it is closed by the read timeout, as on the API port.
     */
    private static boolean speaksHttp2(HttpConnection connection) {
        try {
            connection.remoteSettings();
            return true;
        } catch (UnsupportedOperationException http1) {
            return false;
        }
    }
}
