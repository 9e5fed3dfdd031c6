package dev.signalbox.gateway.bus;

import dev.signalbox.connectors.Target;
import dev.signalbox.rules.PatternMachine;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A live bus: its definition, its rules with their targets, and the pattern machine that
 * matches events against all its enabled rules at once.
 *
 * <p>Threading: readers (ingest, the router) read without locks; only {@link BusCatalog}
 * changes a bus, one change at a time, by publishing new immutable values. The machine is
 * updated before the rule map when a rule is added and after it when one is removed, and the
 * router skips a name the map does not know, so a reader never routes to a half-made rule.
 */
public final class BusState {

    /** A rule and the targets built for it. */
    public record ActiveRule(RuleDefinition definition, List<Target> targets) {
        public ActiveRule {
            targets = List.copyOf(targets);
        }
    }

    private volatile BusDefinition definition;
    private volatile Map<String, ActiveRule> rules;
    private final PatternMachine machine = new PatternMachine();

    BusState(BusDefinition definition, Map<String, ActiveRule> rules) {
        this.definition = definition;
        this.rules = Map.copyOf(rules);
        rules.values().forEach(this::index);
    }

    public BusDefinition definition() {
        return definition;
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

    public PatternMachine machine() {
        return machine;
    }

    void redefine(BusDefinition update) {
        this.definition = update;
    }

    void putRule(ActiveRule rule) {
        index(rule);
        java.util.HashMap<String, ActiveRule> next = new java.util.HashMap<>(rules);
        next.put(rule.definition().name(), rule);
        rules = Map.copyOf(next);
    }

    void removeRule(String name) {
        java.util.HashMap<String, ActiveRule> next = new java.util.HashMap<>(rules);
        next.remove(name);
        rules = Map.copyOf(next);
        machine.remove(name);
    }

    private void index(ActiveRule rule) {
        if (rule.definition().isEnabled()) {
            machine.put(rule.definition().name(), rule.definition().pattern());
        } else {
            machine.remove(rule.definition().name());
        }
    }
}
