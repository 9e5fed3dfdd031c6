package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.connectors.Target;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.auth.SecretBox;
import dev.signalbox.gateway.bus.BusState.ActiveRule;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buses of this node and their rules, kept in memory for the hot path and on disk as one
 * document per bus (definition and rules together, replaced atomically).
 *
 * <p>Threading: reads are lock-free from any thread. Changes are serialised through one chain
 * of futures, so two concurrent requests never both start from the same old state and lose
 * one another's work; each change is durable before it becomes visible and before its future
 * completes. A change builds its bus's document ({@link #persist}) and changes its bus's index
 * ({@link #indexing}) on worker threads, never on an event loop, and its future completes on the
 * caller's context.
 */
public final class BusCatalog {

    static final String NAMESPACE = "buses";
    private static final Logger LOG = LoggerFactory.getLogger(BusCatalog.class);

    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final VertxMessageStore store;
    private final Function<dev.signalbox.gateway.bus.TargetDefinition, Target> targets;
    private final SecretBox secrets;
    private final NodeLimits limits;
    private final Map<String, BusState> buses = new ConcurrentHashMap<>();
    private final List<CatalogListener> listeners = new CopyOnWriteArrayList<>();
    private Future<?> tail = Future.succeededFuture();

    /**
     * @param vertx whose workers update the buses' indexes
     * @param secrets seals the signing secrets of targets in the stored documents
     * @param limits the node's default and greatest ingest limits, which each bus's are resolved against
     */
    public BusCatalog(
            Vertx vertx,
            ObjectMapper mapper,
            VertxMessageStore store,
            Function<TargetDefinition, Target> targets,
            SecretBox secrets,
            NodeLimits limits) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.store = store;
        this.targets = targets;
        this.secrets = secrets;
        this.limits = limits;
    }

    /** The node's ingest limits: the defaults and bounds of every bus's. */
    public NodeLimits limits() {
        return limits;
    }

    /** Reads every stored bus. Blocking: call once at start, off the event loop. */
    public void load() throws IOException {
        for (Map.Entry<String, byte[]> doc :
                store.store().documents().list(NAMESPACE).entrySet()) {
            BusState bus = CatalogDocument.read(
                    mapper.readTree(doc.getValue()), this::activate, secrets, limits, topic -> store.store()
                            .nextOffset(topic));
            List<Violation> overBounds = limits.violations(bus.definition().limits());
            if (!overBounds.isEmpty()) {
                LOG.warn(
                        "bus {}: limits above what this node now accepts are held to its bounds: {}",
                        bus.name(),
                        overBounds);
            }
            buses.put(bus.name(), bus);
        }
    }

    public void addListener(CatalogListener listener) {
        listeners.add(listener);
    }

    public Optional<BusState> bus(String name) {
        return Optional.ofNullable(buses.get(name));
    }

    public BusState requireBus(String name) {
        BusState bus = buses.get(name);
        if (bus == null) {
            throw new SignalboxException(ErrorType.BUS_NOT_FOUND, "There is no bus named '" + name + "'.");
        }
        return bus;
    }

    public Collection<BusState> buses() {
        return new TreeMap<>(buses).values();
    }

    /** The outcome of a put: the stored value and whether it was new. */
    public record Put<T>(T value, boolean isCreated) {}

    /** Creates or updates a bus; fails with request.invalid when its limits pass the node's bounds. */
    public Future<Put<BusDefinition>> putBus(BusDefinition input) {
        List<Violation> overBounds = limits.violations(input.limits());
        if (!overBounds.isEmpty()) {
            return Future.failedFuture(new SignalboxException(
                    ErrorType.REQUEST_INVALID,
                    "The bus's limits go past what this node accepts: " + overBounds.size() + " problem(s).",
                    overBounds));
        }
        return serialised(() -> {
            BusState existing = buses.get(input.name());
            if (existing == null) {
                BusState created = new BusState(input, limits.resolve(input.limits()), Map.of(), 0);
                return persist(input, () -> created.rules().values(), 0).map(v -> {
                    buses.put(input.name(), created);
                    listeners.forEach(l -> l.busCreated(created));
                    return new Put<>(input, true);
                });
            }
            BusDefinition updated = existing.definition().updatedWith(input);
            return persist(updated, () -> existing.rules().values(), existing.routeFrom())
                    .map(v -> {
                        existing.redefine(updated, limits.resolve(updated.limits()));
                        return new Put<>(updated, false);
                    });
        });
    }

    public Future<Boolean> deleteBus(String name) {
        return serialised(() -> {
            BusState existing = buses.get(name);
            if (existing == null) {
                return Future.succeededFuture(false);
            }
            return store.deleteDocument(NAMESPACE, name).map(v -> {
                buses.remove(name);
                listeners.forEach(l -> l.busDeleted(existing));
                return true;
            });
        });
    }

    public Future<Put<RuleDefinition>> putRule(RuleDefinition input) {
        return serialised(() -> {
            BusState bus = requireBus(input.bus());
            Optional<ActiveRule> existing = bus.rule(input.name());
            RuleDefinition rule = existing.map(
                            r -> keepingSecrets(r.definition().updatedWith(input), r.definition()))
                    .orElse(input);
            ActiveRule active = activate(rule);
            // The bus's first enabled rule starts at the topic's end now, written with the rule so
            // that a restart after a crash starts there too.
            boolean isFirst = rule.isEnabled() && !bus.hasEnabledRules();
            long mark = isFirst ? bus.holdMark(() -> store.store().nextOffset(bus.topic())) : bus.routeFrom();
            return persist(bus.definition(), () -> with(bus, active), mark)
                    .onFailure(e -> {
                        if (isFirst) {
                            bus.releaseMark();
                        }
                    })
                    .compose(v -> indexing(() -> bus.putRule(active, mark)))
                    .map(isFirstEnabled -> {
                        if (isFirstEnabled) {
                            listeners.forEach(l -> l.rulesEnabled(bus));
                        }
                        return new Put<>(rule, existing.isEmpty());
                    });
        });
    }

    public Future<Boolean> deleteRule(String busName, String ruleName) {
        return serialised(() -> {
            BusState bus = requireBus(busName);
            if (bus.rule(ruleName).isEmpty()) {
                return Future.succeededFuture(false);
            }
            return persist(bus.definition(), () -> without(bus, ruleName), bus.routeFrom())
                    .compose(v -> indexing(() -> {
                        bus.removeRule(ruleName);
                        return true;
                    }));
        });
    }

    /**
     * Disables a target that answered 410 Gone, durably, so that the rule shows it and nothing
     * more is sent to it until the rule is put again. Nothing changes when the rule, the target
     * or its URL changed since the 410 (a newer definition deserves its own attempt), or when it
     * is already disabled; the future then completes with false.
     */
    public Future<Boolean> disableTarget(String busName, String ruleName, TargetDefinition gone, String reason) {
        return serialised(() -> {
            BusState bus = buses.get(busName);
            Optional<ActiveRule> rule = bus == null ? Optional.empty() : bus.rule(ruleName);
            Optional<TargetDefinition> current = rule.flatMap(r -> r.definition().targets().stream()
                    .filter(t -> t.id().equals(gone.id()))
                    .findFirst());
            if (current.isEmpty()
                    || !current.get().url().equals(gone.url())
                    || !current.get().isEnabled()) {
                return Future.succeededFuture(false);
            }
            RuleDefinition updated =
                    rule.get().definition().withTarget(current.get().disabled(reason));
            ActiveRule active = new ActiveRule(updated, rule.get().targets());
            return persist(bus.definition(), () -> with(bus, active), bus.routeFrom())
                    .compose(v -> indexing(() -> {
                        bus.putRule(active, bus.routeFrom()); // no rule's state changes
                        return true;
                    }));
        });
    }

    /**
     * The rule with each target that asked for a generated signing secret keeping the one it
     * already has, so that sending the same rule body again does not rotate the secret; and each
     * target put back as {@code "disabled"} that the node had disabled after a 410 Gone (same
     * URL) staying so, reason included: a rule's GET form put back unchanged changes nothing.
     */
    private static RuleDefinition keepingSecrets(RuleDefinition rule, RuleDefinition existing) {
        List<TargetDefinition> kept = new ArrayList<>();
        for (TargetDefinition target : rule.targets()) {
            TargetDefinition same = existing.targets().stream()
                    .filter(t -> t.id().equals(target.id()))
                    .findFirst()
                    .orElse(null);
            if (same == null) {
                kept.add(target);
                continue;
            }
            TargetDefinition keeping = target.withDelivery(target.delivery().keepingSecretOf(same.delivery()));
            if (target.isDisabledByRule() && same.isGone() && same.url().equals(target.url())) {
                keeping = keeping.withDisabled(same.disabled());
            }
            kept.add(keeping);
        }
        return rule.withTargets(kept);
    }

    private ActiveRule activate(RuleDefinition rule) {
        List<Target> built = new ArrayList<>();
        rule.targets().forEach(t -> built.add(targets.apply(t)));
        return new ActiveRule(rule, built);
    }

    /**
     * Runs a change of a bus's rules (its pattern machine, filters and rule map) on a worker. A put
     * into the machine costs time that grows with the pattern's values (4,090 values beside 100,000
     * rules: 84 to 161 ms), and now and then an ordinary put merges the index's large tables (5 to
     * 64 ms): on the caller's event loop that would stall every request and ingest sharing it. The
     * change chain waits for it, so changes stay one at a time and durable before visible, and the
     * future completes back on the caller's context. The machine takes this one writer beside the
     * routers matching events without locks.
     */
    private <T> Future<T> indexing(Callable<T> change) {
        return vertx.executeBlocking(change, false);
    }

    /**
     * Writes the bus's document, built on a worker: it holds every rule of the bus, so building it
     * costs time that grows with them (10,000 rules: 0.2 to 0.5 s here), which on the caller's event
     * loop would stall it as a large put into the index would ({@link #indexing}).
     *
     * @param rules the bus's rules as the change leaves them, read on the worker (the change chain
     *     keeps every other change out meanwhile)
     */
    private Future<Void> persist(BusDefinition bus, Supplier<Collection<ActiveRule>> rules, long routeFrom) {
        return vertx.executeBlocking(
                        () -> mapper.writeValueAsBytes(CatalogDocument.write(bus, rules.get(), routeFrom, secrets)),
                        false)
                .compose(bytes -> store.putDocument(NAMESPACE, bus.name(), bytes));
    }

    /** The bus's rules with {@code rule} in place of the one of its name, if any. */
    private static Collection<ActiveRule> with(BusState bus, ActiveRule rule) {
        Map<String, ActiveRule> next = new HashMap<>(bus.rules());
        next.put(rule.definition().name(), rule);
        return next.values();
    }

    private static Collection<ActiveRule> without(BusState bus, String name) {
        Map<String, ActiveRule> next = new HashMap<>(bus.rules());
        next.remove(name);
        return next.values();
    }

    @SuppressWarnings("unchecked")
    private synchronized <T> Future<T> serialised(Supplier<Future<T>> change) {
        Future<T> next = tail.transform(ignored -> {
            try {
                return change.get();
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        });
        tail = next;
        return next;
    }
}
