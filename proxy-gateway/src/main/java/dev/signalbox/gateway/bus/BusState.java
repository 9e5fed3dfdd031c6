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
import java.util.Set;

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

    void putRule(ActiveRule rule) {
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
