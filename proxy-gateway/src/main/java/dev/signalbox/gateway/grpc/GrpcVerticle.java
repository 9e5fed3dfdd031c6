package dev.signalbox.gateway.grpc;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;

/**
 * The gRPC listener: HTTP/2 with prior knowledge (what gRPC clients speak over plain TCP), on
 * its own port so the REST port can stay HTTP/1.1 (docs/known-issues.md). One instance.
 */
public final class GrpcVerticle extends VerticleBase {

    private final PublisherHandler publisher;
    private final String host;
    private final int port;
    private final int maxMessageBytes;
    private HttpServer server;

    /**
     * {@code maxMessageBytes} bounds one gRPC message (a whole batch); it matches the HTTP body
     * limit so that an oversized event inside a batch gets its own error, not the whole call.
     */
    public GrpcVerticle(PublisherHandler publisher, String host, int port, int maxMessageBytes) {
        this.publisher = publisher;
        this.host = host;
        this.port = port;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public Future<?> start() {
        GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(maxMessageBytes));
        publisher.bind(grpc);
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                .requestHandler(grpc)
                .listen(port, host)
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
