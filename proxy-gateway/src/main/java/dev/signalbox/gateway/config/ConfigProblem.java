package dev.signalbox.gateway.config;

/**
 * One thing wrong with a configuration file, where it is: 1-based line and column (0 when
 * unknown), the JSON Pointer of the offending member, and what is wrong.
 */
public record ConfigProblem(int line, int column, String pointer, String message) {

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ", column " + column + ": " : "")
                + (pointer.isEmpty() ? "" : pointer + " ")
                + message;
    }
}
