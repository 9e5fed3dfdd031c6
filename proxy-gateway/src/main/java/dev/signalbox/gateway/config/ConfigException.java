package dev.signalbox.gateway.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration file that cannot be applied, with every problem found in it. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(String file, List<ConfigProblem> problems) {
        super(file + ": " + problems.size() + " problem(s): "
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
