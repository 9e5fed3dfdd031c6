package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.rules.EventPattern;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A routing rule of a bus: a pattern and the targets that receive what it matches. Immutable. */
public record RuleDefinition(
        String name,
        String bus,
        Optional<String> description,
        boolean isEnabled,
        EventPattern pattern,
        List<TargetDefinition> targets,
        Instant createdAt) {

    public RuleDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(pattern, "pattern");
        targets = List.copyOf(targets);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public JsonNode patternJson() {
        return pattern.json();
    }

    /** The same rule as redefined by {@code update}, keeping its creation time. */
    public RuleDefinition updatedWith(RuleDefinition update) {
        return new RuleDefinition(
                name, bus, update.description, update.isEnabled, update.pattern, update.targets, createdAt);
    }
}
