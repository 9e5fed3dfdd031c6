package dev.signalbox.gateway.config;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What became of the configuration file: when a version of it was last applied, and, if the
 * latest version could not be, when that was found and why. Immutable.
 */
public record ConfigStatus(
        String file, Optional<Instant> appliedAt, Optional<Instant> failedAt, List<ConfigProblem> problems) {

    public ConfigStatus {
        problems = List.copyOf(problems);
    }

    ConfigStatus applied(Instant at) {
        return new ConfigStatus(file, Optional.of(at), Optional.empty(), List.of());
    }

    ConfigStatus failed(Instant at, List<ConfigProblem> why) {
        return new ConfigStatus(file, appliedAt, Optional.of(at), why);
    }
}
