package dev.signalbox.gateway.config;

import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.NodeLimits;
import dev.signalbox.gateway.bus.RuleDefinition;
import dev.signalbox.gateway.config.DeclaredConfig.DeclaredBus;
import dev.signalbox.gateway.connection.ConnectionCatalog;
import dev.signalbox.gateway.connection.ConnectionDefinition;
import dev.signalbox.gateway.http.TargetGuard;
import dev.signalbox.gateway.schema.RegistryDeclarations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a declarative configuration file at start and again whenever its content changes.
 *
 * <p>A bus declared in the file is owned by it: its settings and its whole rule set follow the
 * file, and it is deleted when it leaves the file. Buses the file never declared (made through
 * the API) are left alone. A new version is parsed and checked completely (target addresses
 * included) before anything is applied, so a broken file changes nothing: the running rules
 * stay, and {@link #status()} and the log say what is wrong and on which line.
 *
 * <p>The file is polled (editors replace files in many ways; a content hash is the one signal
 * they all give). Threading: changes are applied one at a time, on the context that started
 * the watcher. What grows with the file runs on a worker: reading and hashing it ({@link #poll}),
 * parsing and checking a new version ({@link #parseAndCheck}), and comparing each declared bus and
 * rule with the running one ({@link #applyBus}); only the changes it finds are made from here.
 */
public final class ConfigWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Vertx vertx;
    private final Path file;
    private final BusCatalog catalog;
    private final TargetGuard guard;
    private final Duration pollInterval;
    private final Clock clock;
    private final Set<String> owned = new HashSet<>();
    private final Set<String> ownedConnections = new HashSet<>();
    private final Optional<ConnectionCatalog> connections;
    private final Optional<RegistryDeclarations> registries;
    private volatile ConfigStatus status;
    private byte[] lastHash = new byte[0];
    private boolean isApplying;
    /** Whether the file was applied once; before that, a broken file fails the start instead. */
    private boolean isStarted;

    private long timer = -1;

    /**
     * @param connections where declared connections go; without it, declaring one is a problem
     * @param registries where declared registries go; without it, declaring one is a problem
     */
    public ConfigWatcher(
            Vertx vertx,
            Path file,
            BusCatalog catalog,
            TargetGuard guard,
            Duration pollInterval,
            Clock clock,
            Optional<ConnectionCatalog> connections,
            Optional<RegistryDeclarations> registries) {
        this.registries = registries;
        this.connections = connections;
        this.vertx = vertx;
        this.file = file;
        this.catalog = catalog;
        this.guard = guard;
        this.pollInterval = pollInterval;
        this.clock = clock;
        this.status = new ConfigStatus(file.toString(), Optional.empty(), Optional.empty(), List.of());
    }

    /** Applies the file as it is now; fails (and the node should not start) if it is broken. */
    public Future<Void> start() {
        return poll().compose(v -> {
            if (!status.problems().isEmpty()) {
                return Future.<Void>failedFuture(new ConfigException(file.toString(), status.problems()));
            }
            isStarted = true;
            timer = vertx.setPeriodic(pollInterval.toMillis(), id -> poll());
            return Future.<Void>succeededFuture();
        });
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public ConfigStatus status() {
        return status;
    }

    private Future<Void> poll() {
        if (isApplying) {
            return Future.succeededFuture();
        }
        isApplying = true;
        // Hashed on the worker too: every poll hashes the whole file, a large one in tens of ms.
        return vertx.executeBlocking(() -> Content.read(file), false)
                .recover(this::unreadable)
                .compose(content -> {
                    if (MessageDigest.isEqual(content.hash(), lastHash)) {
                        return Future.succeededFuture();
                    }
                    lastHash = content.hash();
                    return parseAndCheck(content.bytes()).compose(this::apply).onSuccess(v -> {
                        status = status.applied(clock.instant());
                        LOG.info("applied {}", file);
                    });
                })
                .recover(failure -> {
                    List<ConfigProblem> problems = failure instanceof ConfigException e
                            ? e.problems()
                            : List.of(new ConfigProblem(0, 0, "", String.valueOf(failure.getMessage())));
                    if (lastHash.length == 0 && problems.equals(status.problems())) {
                        // Still unreadable in the same way: reported (and logged) when first
                        // found, not again every poll.
                        return Future.succeededFuture();
                    }
                    status = status.failed(clock.instant(), problems);
                    if (isStarted) {
                        // At start there is no running configuration: start() fails and says why.
                        LOG.warn("{} not applied; the running configuration stays: {}", file, problems);
                    }
                    return Future.succeededFuture();
                })
                .eventually(() -> {
                    isApplying = false;
                    return Future.succeededFuture();
                });
    }

    /**
     * The file could not be read (moved away, deleted, a directory, no permission): a problem of
     * the file that changes nothing. The content last seen is forgotten, so that when the file
     * comes back, even exactly as it was, it is read, checked and applied again, and the problem
     * leaves the status (with the hash kept, the unchanged content was skipped and the status
     * reported the vanished problem for ever).
     */
    private Future<Content> unreadable(Throwable failure) {
        lastHash = new byte[0];
        String detail = failure instanceof NoSuchFileException
                ? "The file does not exist (moved or deleted)."
                : "The file cannot be read: " + failure.getMessage();
        return Future.failedFuture(new ConfigException(file.toString(), List.of(new ConfigProblem(0, 0, "", detail))));
    }

    /** The file's bytes and their SHA-256. */
    private record Content(byte[] bytes, byte[] hash) {
        /** Blocking: reads the whole file. */
        static Content read(Path file) throws java.io.IOException {
            byte[] bytes = Files.readAllBytes(file);
            return new Content(bytes, sha256(bytes));
        }
    }

    /**
     * Parses the file and checks every target's address, before anything is changed. The parse,
     * the connection and the registry checks run on a worker: reading a rule can take up to a
     * second (a deeply nested CESQL filter), a schema compatibility check grows with the schemas,
     * and the connection check with the rules, any of which would stall every request sharing
     * this event loop. Only their result comes back here, so applies stay one at a time on this
     * context.
     */
    private Future<DeclaredConfig> parseAndCheck(byte[] content) {
        Optional<NodeLimits> bounds = Optional.of(catalog.limits());
        return vertx.executeBlocking(
                        () -> {
                            DeclaredConfig parsed = ConfigFile.parse(file.toString(), content, bounds);
                            List<ConfigProblem> found = missingConnections(parsed);
                            found.addAll(registryProblems(parsed));
                            return new Parsed(parsed, found);
                        },
                        false)
                .compose(parsed -> checkTargets(parsed.config(), parsed.problems()));
    }

    /** A parsed file and the problems found in it so far. */
    private record Parsed(DeclaredConfig config, List<ConfigProblem> problems) {}

    /**
     * Every target's address, each rule's check started from the watcher's context; every problem
     * found so far is reported together.
     */
    private Future<DeclaredConfig> checkTargets(DeclaredConfig config, List<ConfigProblem> found) {
        List<Future<RuleDefinition>> checks = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        config.buses().values().forEach(bus -> bus.rules().values().forEach(rule -> {
            checks.add(guard.check(rule));
            pointers.add("/buses/" + rule.bus() + "/rules/" + rule.name());
        }));
        return Future.join(checks).transform(done -> {
            List<ConfigProblem> problems = new ArrayList<>(found);
            for (int i = 0; i < checks.size(); i++) {
                if (checks.get(i).failed() && checks.get(i).cause() instanceof SignalboxException e) {
                    String at = pointers.get(i);
                    e.violations()
                            .forEach(v -> problems.add(config.locations().problem(at + v.pointer(), v.message())));
                }
            }
            problems.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            return problems.isEmpty()
                    ? Future.succeededFuture(config)
                    : Future.failedFuture(new ConfigException(file.toString(), problems));
        });
    }

    /** Targets naming a connection that is neither declared in the file nor on the node. */
    private List<ConfigProblem> missingConnections(DeclaredConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (connections.isEmpty() && !config.connections().isEmpty()) {
            problems.add(config.locations().problem("/connections", "this node does not take declared connections"));
        }
        config.buses().values().forEach(bus -> bus.rules().values().forEach(rule -> {
            for (int i = 0; i < rule.targets().size(); i++) {
                Optional<String> name = rule.targets().get(i).delivery().connection();
                boolean isKnown = name.isEmpty()
                        || config.connections().containsKey(name.get())
                        || connections.flatMap(c -> c.get(name.get())).isPresent();
                if (!isKnown) {
                    problems.add(config.locations()
                            .problem(
                                    "/buses/" + rule.bus() + "/rules/" + rule.name() + "/targets/" + i + "/connection",
                                    "there is no connection named '" + name.get() + "'"));
                }
            }
        }));
        return problems;
    }

    /** Registries whose stored versions the file changes, or new versions their mode refuses. */
    private List<ConfigProblem> registryProblems(DeclaredConfig config) {
        if (config.registries().isEmpty()) {
            return List.of();
        }
        if (registries.isEmpty()) {
            return List.of(config.locations().problem("/registries", "this node does not take declared registries"));
        }
        return registries.get().check(config.registries().values()).stream()
                .map(v -> config.locations().problem(v.pointer(), v.message()))
                .toList();
    }

    /**
     * Declared registries first (buses name them), then connections (rules use them), then buses;
     * then what left the file.
     */
    private Future<Void> apply(DeclaredConfig config) {
        Future<Void> chain = registries.isEmpty()
                ? Future.succeededFuture()
                : registries
                        .get()
                        .apply(vertx.getOrCreateContext(), config.registries().values());
        for (ConnectionDefinition declared : config.connections().values()) {
            ConnectionCatalog catalogOf = connections.orElseThrow();
            chain = chain.compose(v -> {
                ownedConnections.add(declared.name());
                boolean isSame = catalogOf
                        .get(declared.name())
                        .map(c -> c.connection().equals(declared.connection())
                                && c.description().equals(declared.description()))
                        .orElse(false);
                return isSame
                        ? Future.succeededFuture()
                        : catalogOf.put(declared).mapEmpty();
            });
        }
        for (DeclaredBus declared : config.buses().values()) {
            chain = chain.compose(v -> applyBus(declared));
        }
        for (String gone : new ArrayList<>(owned)) {
            if (!config.buses().containsKey(gone)) {
                chain = chain.compose(v -> catalog.deleteBus(gone)
                        .onSuccess(d -> owned.remove(gone))
                        .mapEmpty());
            }
        }
        for (String gone : new ArrayList<>(ownedConnections)) {
            if (!config.connections().containsKey(gone)) {
                chain = chain.compose(v -> connections
                        .orElseThrow()
                        .delete(gone, name -> ConnectionCatalog.isInUse(catalog, name))
                        .onSuccess(d -> ownedConnections.remove(gone))
                        .mapEmpty());
            }
        }
        return chain;
    }

    /**
     * Makes the bus and its rules what the file declares. Comparing them with the running ones
     * writes every declared and running rule as JSON, which at 100,000 rules would stall this
     * event loop for seconds, so it runs on a worker, against the bus as it is when the comparison
     * starts (the catalog replaces a bus's rule map whole on each change, never in place); only
     * the rules that differ are put from here, one at a time as before. The rules the file no
     * longer declares are found on a worker too, once the puts are done.
     */
    private Future<Void> applyBus(DeclaredBus declared) {
        BusDefinition wanted = declared.bus();
        String name = wanted.name();
        Optional<BusState> existing = catalog.bus(name);
        owned.add(name);
        Map<String, BusState.ActiveRule> running = existing.map(BusState::rules).orElse(Map.of());
        return vertx.executeBlocking(
                        () -> BusChanges.between(existing.map(BusState::definition), declared, running), false)
                .compose(changes -> {
                    // The bus as it is now: the API may have changed it while the worker compared.
                    Optional<BusState> now = catalog.bus(name);
                    boolean isSameBus = changes.isSameBus()
                            && now.isPresent()
                            && now.get().definition() == existing.get().definition();
                    Future<Void> chain = Future.succeededFuture();
                    if (now.isEmpty()) {
                        chain = catalog.putBus(wanted.onTopic(BusDefinition.newTopic(name, clock.instant())))
                                .mapEmpty();
                    } else if (!isSameBus) {
                        chain = catalog.putBus(wanted).mapEmpty();
                    }
                    for (RuleDefinition rule : changes.rules()) {
                        chain = chain.compose(v -> catalog.putRule(rule).mapEmpty());
                    }
                    return chain;
                })
                .compose(v -> {
                    Set<String> now = catalog.requireBus(name).rules().keySet();
                    return vertx.executeBlocking(() -> BusChanges.undeclared(declared, now), false);
                })
                .compose(gone -> {
                    Future<Void> deletions = Future.succeededFuture();
                    for (String ruleName : gone) {
                        deletions = deletions.compose(
                                d -> catalog.deleteRule(name, ruleName).mapEmpty());
                    }
                    return deletions;
                });
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
