package dev.signalbox.gateway.bus;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A routing rule of a bus: a pattern (or a CloudEvents SQL filter) and the targets that receive
 * what it matches. Immutable.
 */
public record RuleDefinition(
        String name,
        String bus,
        Optional<String> description,
        boolean isEnabled,
        RuleCondition condition,
        List<TargetDefinition> targets,
        Instant createdAt) {

    public RuleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(condition, "condition");
        targets = List.copyOf(targets);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The same rule as redefined by {@code update}, keeping its creation time. */
    public RuleDefinition updatedWith(RuleDefinition update) {
        return new RuleDefinition(
                name, bus, update.description, update.isEnabled, update.condition, update.targets, createdAt);
    }

    /** The same rule with the target of the same id replaced by {@code target}. */
    public RuleDefinition withTarget(TargetDefinition target) {
        List<TargetDefinition> replaced = targets.stream()
                .map(t -> t.id().equals(target.id()) ? target : t)
                .toList();
        return new RuleDefinition(name, bus, description, isEnabled, condition, replaced, createdAt);
    }

    /** The same rule with other targets. */
    public RuleDefinition withTargets(List<TargetDefinition> others) {
        return new RuleDefinition(name, bus, description, isEnabled, condition, others, createdAt);
    }
}
