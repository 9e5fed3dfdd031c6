package dev.signalbox.gateway.grpc;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC listener: HTTP/2 with prior knowledge (what gRPC clients speak over plain TCP), on
 * its own port so the REST port can stay HTTP/1.1 (docs/known-issues.md). One instance.
 *
 * <p>With a non-zero idle timeout, a connection with no call open for that long is shut down, and
 * one whose peer sends nothing for that long is closed, while a call that stays open keeps its
 * connection however quiet it is ({@link ConnectionIdleness}).
 */
public final class GrpcVerticle extends VerticleBase {

    private final PublisherHandler publisher;
    private final String host;
    private final int port;
    private final int maxMessageBytes;
    private final Duration idleTimeout;
    private HttpServer server;

    /**
     * {@code maxMessageBytes} bounds one gRPC message (a whole batch); it matches the HTTP body
     * limit so that an oversized event inside a batch gets its own error, not the whole call.
     * {@code idleTimeout} is the node's {@code --idle-timeout-ms}, as on the API port; zero never
     * closes a connection for being idle.
     */
    public GrpcVerticle(PublisherHandler publisher, String host, int port, int maxMessageBytes, Duration idleTimeout) {
        this.publisher = publisher;
        this.host = host;
        this.port = port;
        this.maxMessageBytes = maxMessageBytes;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public Future<?> start() {
        GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(maxMessageBytes));
        publisher.bind(grpc);
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true);
        HttpServer http;
        if (idleTimeout.isZero()) {
            http = vertx.createHttpServer(options).requestHandler(grpc);
        } else {
            // A read timeout, not Vert.x's read-or-write one: the server's own PINGs must not count
            // as traffic, only the peer's answers to them.
            options.setReadIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
                    .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
            ConnectionIdleness idleness = new ConnectionIdleness(vertx, idleTimeout);
            http = vertx.createHttpServer(options)
                    .connectionHandler(idleness::connected)
                    .requestHandler(idleness.counting(grpc));
        }
        return http.listen(port, host)
                .onSuccess(s -> server = s)
                .recover(failure -> Future.failedFuture(new IllegalStateException(
                        "the gRPC port " + host + ":" + port + " cannot be opened (" + failure.getMessage()
                                + "); it is --port + 1 unless --grpc-port sets it (0 for any free port)",
                        failure)));
    }

    public int actualPort() {
        return server.actualPort();
    }
}
