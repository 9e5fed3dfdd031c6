package dev.signalbox.gateway;

import dev.signalbox.gateway.main.NodeConfig;
import dev.signalbox.gateway.main.SignalboxNode;
import dev.signalbox.gateway.router.RouterConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real node in the test JVM, on a random port, with its store in a temporary directory. */
final class TestNode implements AutoCloseable {

    static final String KEY = "test-admin-key-0123456789";
    /** Small segments: a test node should not pre-allocate a gigabyte. */
    static final int SEGMENT_BYTES = 16 << 20;

    private final SignalboxNode node;

    private TestNode(SignalboxNode node) {
        this.node = node;
    }

    static TestNode start(Vertx vertx, Path dir) throws Exception {
        return start(vertx, dir, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    static TestNode start(Vertx vertx, Path dir, Duration retryBase, Duration retryMax) throws Exception {
        return start(vertx, dir, retryBase, retryMax, 0);
    }

    static TestNode start(Vertx vertx, Path dir, Duration retryBase, Duration retryMax, int rateLimitPerKey)
            throws Exception {
        return start(vertx, dir, retryBase, retryMax, rateLimitPerKey, null);
    }

    static TestNode withConfigFile(Vertx vertx, Path dir, Path configFile) throws Exception {
        return start(vertx, dir, Duration.ofMillis(20), Duration.ofMillis(200), 0, configFile);
    }

    static TestNode start(
            Vertx vertx, Path dir, Duration retryBase, Duration retryMax, int rateLimitPerKey, Path configFile)
            throws Exception {
        return start(vertx, dir, retryBase, retryMax, rateLimitPerKey, configFile, 8192);
    }

    /**
     * A node whose routers hold at most {@code window} events (and a target an eighth of that),
     * with a delivery timeout of {@code timeout}.
     */
    static TestNode withRouterWindow(Vertx vertx, Path dir, int window, Duration timeout) throws Exception {
        RouterConfig router = new RouterConfig(window, 128, Duration.ofMillis(20), Duration.ofMillis(200));
        return boot(vertx, dir, router, 0, null, 8192, timeout, NodeConfig.IDLE_TIMEOUT);
    }

    static TestNode withWriteQueue(Vertx vertx, Path dir, int writeQueue) throws Exception {
        return start(vertx, dir, Duration.ofMillis(20), Duration.ofMillis(200), 0, null, writeQueue);
    }

    static TestNode start(
            Vertx vertx,
            Path dir,
            Duration retryBase,
            Duration retryMax,
            int rateLimitPerKey,
            Path configFile,
            int writeQueue)
            throws Exception {
        RouterConfig router = new RouterConfig(1024, 128, retryBase, retryMax);
        return boot(
                vertx,
                dir,
                router,
                rateLimitPerKey,
                configFile,
                writeQueue,
                Duration.ofSeconds(2),
                NodeConfig.IDLE_TIMEOUT);
    }

    /** A node whose API server closes a connection after {@code idle} with nothing read or written. */
    static TestNode withIdleTimeout(Vertx vertx, Path dir, Duration idle) throws Exception {
        RouterConfig router = new RouterConfig(1024, 128, Duration.ofMillis(20), Duration.ofMillis(200));
        return boot(vertx, dir, router, 0, null, 8192, Duration.ofSeconds(2), idle);
    }

    private static TestNode boot(
            Vertx vertx,
            Path dir,
            RouterConfig router,
            int rateLimitPerKey,
            Path configFile,
            int writeQueue,
            Duration deliveryTimeout,
            Duration idleTimeout)
            throws Exception {
        NodeConfig config = new NodeConfig(
                dir,
                "127.0.0.1",
                0,
                0,
                Optional.of(KEY),
                true,
                256 * 1024,
                1000,
                rateLimitPerKey,
                SEGMENT_BYTES,
                writeQueue,
                NodeConfig.RESIDENT_LOG_BYTES,
                deliveryTimeout,
                router,
                Optional.ofNullable(configFile),
                idleTimeout);
        return new TestNode(SignalboxNode.start(vertx, config).await(60, TimeUnit.SECONDS));
    }

    int grpcPort() {
        return node.grpcPort();
    }

    Api api() {
        return new Api(node.port(), KEY);
    }

    SignalboxNode node() {
        return node;
    }

    /** Whether the bus's router has finished with every event stored so far. */
    boolean isRouted(String bus) {
        String topic = node.catalog().requireBus(bus).topic();
        return node.store().offsets().committed("router", topic) == node.store().nextOffset(topic);
    }

    @Override
    public void close() throws Exception {
        node.stop().await(30, TimeUnit.SECONDS);
    }
}
