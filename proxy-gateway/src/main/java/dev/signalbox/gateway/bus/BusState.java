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
 * changes a bus, one change at a time (rule changes on a worker thread, off the event loops), by
 * publishing new immutable values. The machine and the filters are updated before the rule map
 * when a rule is added and after it when one is removed, and the router skips a name the map does
 * not know, so a reader never routes to a half-made rule. The bus's first enabled rule is the
 * exception: it is in the map before the machine can match it, so that no event at its route mark
 * is skipped ({@link #putRule}).
 *
 * <p>A bus with no enabled rule is not routed at all: its router is not woken per event. When a
 * change gives it its first enabled rule, the topic's end at that moment becomes the bus's
 * {@link #routeFrom() route mark}: the router starts reading there, so a new rule sees the events
 * stored after it was created, not the backlog that built up while nothing was routed
 * (EventBridge's semantics). The mark is stored with the rule (in the bus's document), so a
 * restart after a crash starts there too, whatever the router had committed. So it is taken
 * before the change is written ({@link #holdMark}) and held until the rule is visible: meanwhile a
 * router that finds the bus idle passes events only up to the held mark, and an event at or past
 * it that it read is left for later ({@link Routing#LATER}), not passed. Holding, releasing and
 * making the rule visible happen under the bus's idle lock, and a router decides to pass events
 * as rule-less only under that lock ({@link #idleEnd}, {@link #routing}).
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
    /** A mark taken for a first enabled rule not visible yet ({@link #holdMark}), or {@link #NO_MARK}. */
    private volatile long heldMark = NO_MARK;

    private static final long NO_MARK = -1;

    /** What the router does with an event it has read. */
    public enum Routing {
        /** Matched against the enabled rules. */
        ROUTED,
        /** Passed unread: stored before the route mark, or no rule is enabled. */
        PASSED,
        /** Read again later: past a mark held for a first rule that is not visible yet. */
        LATER
    }

    /**
     * @param routeFrom the route mark stored with the bus (0 for a bus stored before marks were)
     */
    BusState(BusDefinition definition, IngestLimits limits, Map<String, ActiveRule> rules, long routeFrom) {
        this.definition = definition;
        this.limits = limits;
        this.rules = Map.copyOf(rules);
        this.routeFrom = routeFrom;
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
     * last went from no enabled rule to some, as stored with the bus. Written before the rule that
     * made the change is visible, so whoever sees {@link #hasEnabledRules()} true sees the mark too.
     */
    public long routeFrom() {
        return routeFrom;
    }

    /**
     * How far the router may pass events unread when the bus has no enabled rule: the topic's end,
     * read under the idle lock, since a rule enabled later marks a start at or after it; or the
     * mark held for a first rule on its way. Empty when some rule is enabled.
     */
    public OptionalLong idleEnd(LongSupplier topicEnd) {
        if (hasEnabledRules()) {
            return OptionalLong.empty();
        }
        synchronized (idleLock) {
            if (hasEnabledRules()) {
                return OptionalLong.empty();
            }
            long held = heldMark;
            return OptionalLong.of(held != NO_MARK ? held : topicEnd.getAsLong());
        }
    }

    /**
     * What the router does with the stored event at {@code queueOffset} (already read, so before
     * the topic's end): route it when rules are enabled and it is at or past the route mark; with
     * no enabled rule (decided under the idle lock) pass it, unless it is at or past a mark held for
     * a first rule on its way, which will see it: then read it again once the rule is visible.
     */
    public Routing routing(long queueOffset) {
        if (!hasEnabledRules()) {
            synchronized (idleLock) {
                if (!hasEnabledRules()) {
                    long held = heldMark;
                    return held != NO_MARK && queueOffset >= held ? Routing.LATER : Routing.PASSED;
                }
            }
        }
        return queueOffset >= routeFrom ? Routing.ROUTED : Routing.PASSED;
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
     * Takes the route mark for a change about to give the bus its first enabled rule, before the
     * change is written (the mark is written with it): the topic's end now. Until {@link #putRule}
     * or {@link #releaseMark}, no router passes events at or past it.
     */
    long holdMark(LongSupplier topicEnd) {
        synchronized (idleLock) {
            long mark = topicEnd.getAsLong();
            heldMark = mark;
            return mark;
        }
    }

    /** The change that held a mark was not made (it could not be written). */
    void releaseMark() {
        synchronized (idleLock) {
            heldMark = NO_MARK;
        }
    }

    /**
     * @param mark the route mark written with the change: the held one when this rule is the bus's
     *     first enabled one, else the current one
     * @return whether the bus went from no enabled rule to some (its router must be told)
     */
    boolean putRule(ActiveRule rule, long mark) {
        if (hasEnabledRules()) {
            // Changes are one at a time (BusCatalog), so the bus stays routed: no mark to take.
            putVisible(rule);
            return false;
        }
        synchronized (idleLock) {
            routeFrom = mark;
            heldMark = NO_MARK;
            // The rule map before the machine here: once the machine holds the bus's first enabled
            // rule, a router reads the bus without this lock and skips a matched name the map does
            // not know yet, so the rule would miss events at its mark (the change runs on a worker,
            // beside the router). No rule is routed until the machine holds one.
            rules = with(rule);
            index(rule);
            return hasEnabledRules();
        }
    }

    private void putVisible(ActiveRule rule) {
        index(rule);
        rules = with(rule);
    }

    private Map<String, ActiveRule> with(ActiveRule rule) {
        HashMap<String, ActiveRule> next = new HashMap<>(rules);
        next.put(rule.definition().name(), rule);
        return Map.copyOf(next);
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
