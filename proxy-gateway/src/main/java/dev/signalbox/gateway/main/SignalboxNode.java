package dev.signalbox.gateway.main;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.signalbox.connectors.TargetAddressPolicy;
import dev.signalbox.connectors.auth.ConnectionClient;
import dev.signalbox.connectors.webhook.AddressCheck;
import dev.signalbox.gateway.auth.AdminKey;
import dev.signalbox.gateway.auth.ApiKeyAuth;
import dev.signalbox.gateway.auth.SecretBox;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.IngestLimits;
import dev.signalbox.gateway.bus.NodeLimits;
import dev.signalbox.gateway.config.ConfigWatcher;
import dev.signalbox.gateway.connection.ConnectionCatalog;
import dev.signalbox.gateway.connection.ConnectionHandlers;
import dev.signalbox.gateway.delivery.DeadLetters;
import dev.signalbox.gateway.delivery.DeliveryTimeline;
import dev.signalbox.gateway.grpc.GrpcVerticle;
import dev.signalbox.gateway.grpc.PublisherHandler;
import dev.signalbox.gateway.http.AdminHandlers;
import dev.signalbox.gateway.http.ApiVerticle;
import dev.signalbox.gateway.http.DeliveryHandlers;
import dev.signalbox.gateway.http.EventHandlers;
import dev.signalbox.gateway.http.EventRequests;
import dev.signalbox.gateway.http.Json;
import dev.signalbox.gateway.http.TargetGuard;
import dev.signalbox.gateway.http.TargetPreflight;
import dev.signalbox.gateway.ingest.IngestService;
import dev.signalbox.gateway.ingest.RateLimiter;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.gateway.router.RouterServices;
import dev.signalbox.gateway.router.RouterVerticle;
import dev.signalbox.gateway.schema.Discovery;
import dev.signalbox.gateway.schema.RegistryDeclarations;
import dev.signalbox.gateway.schema.SchemaGate;
import dev.signalbox.gateway.schema.SchemaHandlers;
import dev.signalbox.gateway.schema.SchemaReferences;
import dev.signalbox.gateway.schema.SchemaUsage;
import dev.signalbox.gateway.schema.StoredRegistries;
import dev.signalbox.schema.Registries;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.RecoveryReport;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Signalbox node on the embedded store: the composition root.
 *
 * <p>Start: recover the store, load the buses, start the routers, open the HTTP port, be ready.
 * Stop runs the other way: not ready, close the port, stop the routers, close the store (final
 * flush and clean-shutdown marker). Threading: start and stop are called once each, from any
 * thread; the getters are safe once start has completed.
 */
public final class SignalboxNode {

    private static final String OPENAPI = "signalbox/openapi.yaml";
    private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;
    private static final String BODY_BOUND =
            "this node's request body limit; raising --max-event-bytes or --max-batch-entries raises it";

    private final Vertx vertx;
    private final NodeConfig config;
    private final AtomicBoolean isReady = new AtomicBoolean();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private static final java.time.Duration CONFIG_POLL = java.time.Duration.ofMillis(500);
    private Optional<ConfigWatcher> watcher = Optional.empty();
    private final List<String> deployments = new ArrayList<>();
    private MessageStore store;
    private int maxRecordBytes;
    private BusCatalog catalog;
    private Registries registries;
    private AdminKey adminKey;
    private SecretBox secrets;
    private ConnectionCatalog connections;
    private HttpClient client;
    private int port;
    private ApiVerticle api;
    private int grpcPort;

    private SignalboxNode(Vertx vertx, NodeConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    public static Future<SignalboxNode> start(Vertx vertx, NodeConfig config) {
        SignalboxNode node = new SignalboxNode(vertx, config);
        // A start that fails half way (a broken config file, a port in use) stops what it started
        // and closes the store cleanly, so the next start is a clean one, not a crash recovery.
        return node.boot().map(node).recover(failure -> node.stop().transform(stopped -> {
            if (stopped.failed()) {
                failure.addSuppressed(stopped.cause());
            }
            return Future.<SignalboxNode>failedFuture(failure);
        }));
    }

    private Future<Void> boot() {
        return vertx.<Buffer>executeBlocking(() -> {
                    Files.createDirectories(config.dataDir());
                    adminKey = AdminKey.resolve(config.adminKey(), config.dataDir());
                    secrets = SecretBox.open(config.dataDir());
                    StoreConfig storeConfig = StoreConfig.builder(config.dataDir())
                            .segmentBytes(config.segmentBytes())
                            .writeQueueCapacity(config.storeWriteQueue())
                            .residentLogBytes(config.residentLogBytes())
                            .build();
                    maxRecordBytes = storeConfig.maxRecordBytes();
                    store = MessageStore.open(storeConfig);
                    storeMetrics();
                    return openApiJson();
                })
                .compose(openApi -> {
                    VertxMessageStore async = new VertxMessageStore(vertx, store);
                    client = vertx.createHttpClient(
                            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
                    connections = new ConnectionCatalog(
                            Json.MAPPER,
                            async,
                            secrets,
                            c -> new ConnectionClient(
                                    c,
                                    client,
                                    config.deliveryTimeout(),
                                    AddressCheck.system(
                                            vertx, new TargetAddressPolicy(config.allowsPrivateTargets()))));
                    TargetFactory targets = new TargetFactory(
                            vertx,
                            client,
                            new TargetAddressPolicy(config.allowsPrivateTargets()),
                            config.deliveryTimeout(),
                            connections);
                    catalog = new BusCatalog(vertx, Json.MAPPER, async, targets::build, secrets, nodeLimits());
                    registries = new Registries(new StoredRegistries(async), Clock.systemUTC());
                    return vertx.executeBlocking(() -> {
                                connections.load();
                                catalog.load();
                                registries.load();
                                return catalog;
                            })
                            .compose(loaded -> deploy(loaded, async, openApi));
                })
                .onSuccess(v -> isReady.set(true));
    }

    private Future<Void> deploy(BusCatalog catalog, VertxMessageStore async, Buffer openApi) {
        DeadLetters deadLetters = new DeadLetters(async);
        DeliveryTimeline timeline = new DeliveryTimeline(async);
        RouterVerticle router = new RouterVerticle(
                catalog,
                config.router(),
                new RouterServices(async, deadLetters, timeline, metrics, catalog::disableTarget));
        BusBacklogs.watch(catalog, metrics, router);
        SchemaGate schemaGate = new SchemaGate(registries, new Discovery(registries), metrics);
        IngestService ingest = new IngestService(async, router::wake, metrics, schemaGate);
        RateLimiter limiter = new RateLimiter(config.rateLimitPerKey(), System::nanoTime);
        EventHandlers events = new EventHandlers(catalog, async, new EventRequests(), ingest, limiter);
        TargetGuard guard = new TargetGuard(vertx, new TargetAddressPolicy(config.allowsPrivateTargets()));
        watcher = config.configFile()
                .map(file -> new ConfigWatcher(
                        vertx,
                        file,
                        catalog,
                        guard,
                        CONFIG_POLL,
                        Clock.systemUTC(),
                        Optional.of(connections),
                        Optional.of(new RegistryDeclarations(registries, Clock.systemUTC()))));
        TargetPreflight preflight = new TargetPreflight(client, connections, config.deliveryTimeout());
        AdminHandlers admin = new AdminHandlers(
                catalog,
                guard,
                preflight,
                Clock.systemUTC(),
                () -> watcher.map(ConfigWatcher::status),
                new SchemaReferences(registries));
        SchemaHandlers schemas =
                new SchemaHandlers(registries, Clock.systemUTC(), new SchemaUsage(catalog, registries));
        ConnectionHandlers connectionHandlers = new ConnectionHandlers(
                connections, name -> ConnectionCatalog.isInUse(catalog, name), Clock.systemUTC(), guard);
        ApiVerticle.Services services = new ApiVerticle.Services(
                admin,
                events,
                new ApiKeyAuth(adminKey),
                openApi,
                isReady::get,
                maxBodyBytes(),
                metrics,
                schemas,
                new DeliveryHandlers(catalog, async, deadLetters, timeline, router),
                connectionHandlers);
        ApiVerticle first = new ApiVerticle(services, config.host(), config.port(), config.idleTimeout());
        GrpcVerticle grpc = new GrpcVerticle(
                new PublisherHandler(catalog, ingest, services.auth(), limiter, maxBodyBytes()),
                config.host(),
                config.grpcPort(),
                maxBodyBytes(),
                config.idleTimeout());
        return vertx.deployVerticle(router)
                .compose(id -> {
                    // Recorded before the file is applied, so a broken file's stop undeploys it.
                    deployments.add(id);
                    return watcher.map(ConfigWatcher::start).orElse(Future.succeededFuture());
                })
                .compose(v -> vertx.deployVerticle(grpc))
                .compose(id -> {
                    deployments.add(id);
                    grpcPort = grpc.actualPort();
                    return vertx.deployVerticle(first);
                })
                .compose(id -> {
                    deployments.add(id);
                    port = first.actualPort();
                    api = first;
                    // Vert.x balances connections between instances only when they all bind
                    // the same configured port; a random port (0, for tests) gets one instance.
                    int more = config.port() == 0
                            ? 0
                            : Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
                    if (more == 0) {
                        return Future.succeededFuture();
                    }
                    return vertx.deployVerticle(
                                    () -> new ApiVerticle(services, config.host(), port, config.idleTimeout()),
                                    new DeploymentOptions().setInstances(more))
                            .map(deployments::add);
                })
                .mapEmpty();
    }

    private static Buffer openApiJson() throws IOException {
        try (InputStream yaml = SignalboxNode.class.getClassLoader().getResourceAsStream(OPENAPI)) {
            if (yaml == null) {
                throw new IOException(OPENAPI + " is missing from the classpath");
            }
            ObjectMapper json = Json.MAPPER;
            return Buffer.buffer(json.writeValueAsBytes(new YAMLMapper().readTree(yaml)));
        }
    }

    private void storeMetrics() {
        metrics.gauge("signalbox.store.appends", "Records appended since start", () -> store.stats()
                .appends());
        metrics.gauge("signalbox.store.busy", "Appends refused because the write queue was full", () -> store.stats()
                .storeBusy());
        metrics.gauge("signalbox.store.fsyncs", "fsync calls on the log since start", () -> store.stats()
                .fsyncs());
        metrics.gauge(
                "signalbox.store.sync.appends.per.commit", "Sync appends sharing one group commit", () -> store.stats()
                        .syncAppendsPerGroupCommit());
        metrics.gauge(
                "signalbox.store.write.queue.depth",
                "Appends waiting in the store's write queue for the writer thread",
                () -> store.stats().writeQueueDepth());
        metrics.gauge(
                "signalbox.store.write.queue.capacity",
                "Appends the store's write queue holds before it answers busy (429/503)",
                () -> store.stats().writeQueueCapacity());
        metrics.gauge(
                "signalbox.store.log.bytes",
                "Bytes held in the log",
                () -> store.stats().logEnd() - store.stats().logStart());
    }

    /**
     * The node's settings are the defaults of every bus's limits; what the servers accept before
     * a bus is known (the body and message limit, the header limit, the node's batch size) bounds
     * them.
     */
    private NodeLimits nodeLimits() {
        int body = maxBodyBytes();
        // An event must also fit one store record, with room for the record's own header, topic,
        // indexed id and the encoded attributes.
        int event = Math.min(body, maxRecordBytes - RECORD_OVERHEAD_BYTES);
        return new NodeLimits(
                new IngestLimits(config.maxEventBytes(), config.maxBatchEntries(), body, ApiVerticle.MAX_HEADER_BYTES),
                new IngestLimits(event, config.maxBatchEntries(), body, ApiVerticle.MAX_HEADER_BYTES),
                Map.of(
                        IngestLimits.EVENT_BYTES,
                        BODY_BOUND + "; and " + (maxRecordBytes - RECORD_OVERHEAD_BYTES)
                                + " bytes, what one store record holds",
                        IngestLimits.BATCH_ENTRIES,
                        "this node's --max-batch-entries",
                        IngestLimits.BATCH_BYTES,
                        BODY_BOUND,
                        IngestLimits.HEADER_BYTES,
                        "the HTTP server's header limit"));
    }

    /** A full batch of the largest events, with room for the batch's own JSON. */
    private int maxBodyBytes() {
        long batch = (long) config.maxBatchEntries() * config.maxEventBytes();
        return (int) Math.min(Math.max(batch / 64, 4L * config.maxEventBytes()), 32L * 1024 * 1024);
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    public int port() {
        return port;
    }

    /** The HTTP routes the node serves (see {@link ApiVerticle#routes()}), for the contract test. */
    public List<String> servedRoutes() {
        return api.routes();
    }

    public int grpcPort() {
        return grpcPort;
    }

    public AdminKey adminKey() {
        return adminKey;
    }

    public RecoveryReport recovery() {
        return store.recoveryReport();
    }

    /** The buses of this node, for embedders and tests. */
    public BusCatalog catalog() {
        return catalog;
    }

    /** The schema registries of this node, for embedders and tests. */
    public Registries registries() {
        return registries;
    }

    /** The store under this node, for embedders and tests. */
    public MessageStore store() {
        return store;
    }

    public NodeConfig config() {
        return config;
    }

    /** Stops serving and closes the store cleanly. */
    public Future<Void> stop() {
        isReady.set(false);
        watcher.ifPresent(ConfigWatcher::stop);
        Future<Void> undeployed = Future.succeededFuture();
        for (String id : reversed(deployments)) {
            undeployed = undeployed.compose(v -> vertx.undeploy(id));
        }
        deployments.clear();
        return undeployed.compose(v -> vertx.executeBlocking(() -> {
            if (store != null) {
                store.close();
            }
            return null;
        }));
    }
}
