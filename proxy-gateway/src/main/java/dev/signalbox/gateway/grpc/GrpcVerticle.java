package dev.signalbox.gateway.grpc;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.server.GrpcServer;

/**
 * The gRPC listener: HTTP/2 with prior knowledge (what gRPC clients speak over plain TCP), on
 * its own port so the REST port can stay HTTP/1.1 (docs/known-issues.md). One instance.
 */
public final class GrpcVerticle extends VerticleBase {

    private final PublisherHandler publisher;
    private final String host;
    private final int port;
    private HttpServer server;

    public GrpcVerticle(PublisherHandler publisher, String host, int port) {
        this.publisher = publisher;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        GrpcServer grpc = GrpcServer.server(vertx);
        publisher.bind(grpc);
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                .requestHandler(grpc)
                .listen(port, host)
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }
}
