package dev.signalbox.gateway.bus;

import dev.signalbox.connectors.Target;
import dev.signalbox.core.Event;
import dev.signalbox.rules.CesqlFilter;
import dev.signalbox.rules.PatternMachine;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A live bus: its definition, its rules with their targets, the pattern machine that matches
 * events against all its enabled pattern rules at once, and its enabled CloudEvents SQL filter
 * rules, which are evaluated one by one beside the machine.
 *
 * <p>Threading: readers (ingest, the router) read without locks; only {@link BusCatalog}
 * changes a bus, one change at a time, by publishing new immutable values. The machine and the
 * filters are updated before the rule map when a rule is added and after it when one is
 * removed, and the router skips a name the map does not know, so a reader never routes to a
 * half-made rule.
 *
 * <p>A bus with no enabled rule is not routed at all: its router is not woken per event. When a
 * change gives it its first enabled rule, the topic's end at that moment becomes the bus's
 * {@link #routeFrom() route mark}, written before the rule becomes visible: the router starts
 * reading there, so a new rule sees the events stored after it was created, not the backlog that
 * built up while nothing was routed (EventBridge's semantics). Taking the mark and making the rule
 * visible is one step under the bus's idle lock, and a router passes events as rule-less only
 * under that lock ({@link #idleEnd}, {@link #isRouted}): otherwise a router that had just found
 * the bus idle could pass, unread, events stored after a mark taken meanwhile.
 */
public final class BusState {

    /** A rule and the targets built for it. */
    public record ActiveRule(RuleDefinition definition, List<Target> targets) {
        public ActiveRule {
            targets = List.copyOf(targets);
        }
    }

    private volatile BusDefinition definition;
    private volatile IngestLimits limits;
    private volatile Map<String, ActiveRule> rules;
    private volatile Map<String, CesqlFilter> filters = Map.of();
    private final PatternMachine machine = new PatternMachine();
    /** The queue offset routing starts at; events before it were stored while no rule was enabled. */
    private volatile long routeFrom;
    /**
     * Held while a change may take the bus from no enabled rule to some, and while a router
     * decides to pass events because there is none. Only the idle path takes it: a bus with
     * enabled rules is routed without it.
     */
    private final Object idleLock = new Object();

    BusState(BusDefinition definition, IngestLimits limits, Map<String, ActiveRule> rules) {
        this.definition = definition;
        this.limits = limits;
        this.rules = Map.copyOf(rules);
        rules.values().forEach(this::index);
    }

    public BusDefinition definition() {
        return definition;
    }

    /** The bus's ingest limits, resolved against the node's when the bus was last defined. */
    public IngestLimits limits() {
        return limits;
    }

    public String name() {
        return definition.name();
    }

    public String topic() {
        return definition.topic();
    }

    public Map<String, ActiveRule> rules() {
        return rules;
    }

    public Optional<ActiveRule> rule(String name) {
        return Optional.ofNullable(rules.get(name));
    }

    /** Whether any enabled rule could match an event; when not, events need not even be read. */
    public boolean hasEnabledRules() {
        return machine.size() > 0 || !filters.isEmpty();
    }

    /**
     * The queue offset from which the bus's enabled rules see events: the topic's end when the bus
     * last went from no enabled rule to some (0 for a bus loaded with its rules). Written before
     * the rule that made the change is visible, so whoever sees {@link #hasEnabledRules()} true
     * sees the mark too.
     */
    public long routeFrom() {
        return routeFrom;
    }

    /**
     * The topic's end, read under the idle lock, when the bus has no enabled rule: the router may
     * pass every event before it unread, since a rule enabled later marks a start at or after it.
     * Empty when some rule is enabled.
     */
    public OptionalLong idleEnd(LongSupplier topicEnd) {
        if (hasEnabledRules()) {
            return OptionalLong.empty();
        }
        synchronized (idleLock) {
            return hasEnabledRules() ? OptionalLong.empty() : OptionalLong.of(topicEnd.getAsLong());
        }
    }

    /**
     * Whether the enabled rules see the stored event at {@code queueOffset} (already read, so
     * before the topic's end): not when it is before the route mark, nor when no rule is enabled,
     * which is decided under the idle lock, so that an event stored after a mark whose rule is
     * not visible yet is never passed.
     */
    public boolean isRouted(long queueOffset) {
        if (!hasEnabledRules()) {
            synchronized (idleLock) {
                if (!hasEnabledRules()) {
                    return false;
                }
            }
        }
        return queueOffset >= routeFrom;
    }

    /** The names of the enabled rules whose pattern or filter the event matches. */
    public Set<String> matchingRules(Event event) {
        Set<String> matched = machine.matchingRules(event);
        Map<String, CesqlFilter> current = filters;
        if (current.isEmpty()) {
            return matched;
        }
        Set<String> all = new LinkedHashSet<>(matched);
        current.forEach((name, filter) -> {
            if (filter.matches(event)) {
                all.add(name);
            }
        });
        return all;
    }

    void redefine(BusDefinition update, IngestLimits updatedLimits) {
        this.limits = updatedLimits;
        this.definition = update;
    }

    /**
     * @param topicEnd the topic's end now, asked only when the bus has no enabled rule yet: where
     *     routing starts if this rule is the first enabled one
     * @return whether the bus went from no enabled rule to some (its router must be told)
     */
    boolean putRule(ActiveRule rule, LongSupplier topicEnd) {
        if (hasEnabledRules()) {
            // Changes are one at a time (BusCatalog), so the bus stays routed: no mark to take.
            putVisible(rule);
            return false;
        }
        synchronized (idleLock) {
            routeFrom = topicEnd.getAsLong();
            putVisible(rule);
            return hasEnabledRules();
        }
    }

    private void putVisible(ActiveRule rule) {
        index(rule);
        HashMap<String, ActiveRule> next = new HashMap<>(rules);
        next.put(rule.definition().name(), rule);
        rules = Map.copyOf(next);
    }

    void removeRule(String name) {
        HashMap<String, ActiveRule> next = new HashMap<>(rules);
        next.remove(name);
        rules = Map.copyOf(next);
        unindex(name);
    }

    private void index(ActiveRule rule) {
        RuleDefinition definition = rule.definition();
        String name = definition.name();
        if (!definition.isEnabled()) {
            unindex(name);
        } else if (definition.condition() instanceof RuleCondition.Pattern pattern) {
            removeFilter(name);
            machine.put(name, pattern.pattern()); // replaces any earlier pattern in one step
        } else if (definition.condition() instanceof RuleCondition.Filter filter) {
            machine.remove(name);
            HashMap<String, CesqlFilter> next = new HashMap<>(filters);
            next.put(name, filter.filter());
            filters = Map.copyOf(next);
        }
    }

    private void unindex(String name) {
        machine.remove(name);
        removeFilter(name);
    }

    private void removeFilter(String name) {
        if (filters.containsKey(name)) {
            HashMap<String, CesqlFilter> next = new HashMap<>(filters);
            next.remove(name);
            filters = Map.copyOf(next);
        }
    }
}
