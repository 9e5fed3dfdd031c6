package dev.signalbox.gateway.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration file that cannot be applied, with every problem found in it. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final transient List<ConfigProblem> problems;

    public ConfigException(String file, List<ConfigProblem> problems) {
        super(file + ": " + problems.size() + " problem(s): "
                + problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** The file, as it was named to the node. */
    public String file() {
        return file;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
