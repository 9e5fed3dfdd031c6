package dev.signalbox.benchmarks.ingest;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/**
 * The anchor the ingest load test measures the gateway beside: a bare Vert.x HTTP server that
 * answers every request 202 {@code {"id":"<ce-id>"}} after reading the whole body, and does
 * nothing else (no routing, auth, validation or storage).
 *
 * <p>It runs the way a Signalbox node runs its API: Vert.x's default options (so the same number
 * of event loops), one verticle instance per core sharing the port, HTTP/1.1 with the h2c
 * upgrade off. {@code java -cp benchmarks/target/benchmarks.jar
 * dev.signalbox.benchmarks.ingest.BareServer PORT [HOST]}; prints {@code listening on PORT} once
 * every instance is bound, and runs until killed.
 */
public final class BareServer extends VerticleBase {

    private static final Buffer OPEN = Buffer.buffer("{\"id\":\"");
    private static final Buffer CLOSE = Buffer.buffer("\"}");

    private final String host;
    private final int port;

    private BareServer(String host, int port) {
        this.host = host;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: BareServer PORT [HOST]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        Vertx vertx = Vertx.vertx();
        int instances = Runtime.getRuntime().availableProcessors();
        try {
            vertx.deployVerticle(() -> new BareServer(host, port), new DeploymentOptions().setInstances(instances))
                    .await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            // Vert.x's threads would keep the JVM alive; the runner watches for the exit.
            System.err.println("BareServer: could not listen on " + host + ":" + port + ": " + e);
            vertx.close().await(10, TimeUnit.SECONDS);
            System.exit(1);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                vertx.close().await(10, TimeUnit.SECONDS);
                            } catch (Exception ignored) {
                                // The JVM is going away.
                            }
                        },
                        "bare-server-shutdown"));
        System.out.println("listening on " + port + " (" + instances + " instances)");
        System.out.flush();
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(options)
                .requestHandler(BareServer::handle)
                .listen(port, host);
    }

    private static void handle(HttpServerRequest request) {
        String id = request.getHeader("ce-id");
        request.body().onComplete(body -> {
            if (body.failed()) {
                request.response().setStatusCode(400).end();
                return;
            }
            Buffer answer = Buffer.buffer(32 + (id == null ? 0 : id.length()));
            answer.appendBuffer(OPEN).appendString(id == null ? "" : escape(id)).appendBuffer(CLOSE);
            request.response()
                    .setStatusCode(202)
                    .putHeader("content-type", "application/json")
                    .end(answer);
        });
    }

    /** JSON string escaping for the few characters an id could hold that JSON does not allow raw. */
    private static String escape(String id) {
        StringBuilder out = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                if (out == null) {
                    out = new StringBuilder(id.length() + 8).append(id, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? id : out.toString();
    }
}
