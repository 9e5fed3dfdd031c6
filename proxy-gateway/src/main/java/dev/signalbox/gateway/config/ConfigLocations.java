package dev.signalbox.gateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each member of a configuration file starts, by JSON Pointer, so that a problem found
 * after parsing (by the file's own checks, or by the node's: a target's address, a connection
 * that does not exist, a registry's compatibility) is reported at its line and column. Built by
 * walking the YAML parser's tokens, which carry their locations, once per version of the file.
 * Immutable.
 */
public final class ConfigLocations {

    /** No locations: every problem is reported at line 0 (unknown). */
    public static final ConfigLocations NONE = new ConfigLocations(Map.of());

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, Position> positions;

    private ConfigLocations(Map<String, Position> positions) {
        this.positions = Map.copyOf(positions);
    }

    /** The locations of the members of {@code content}; fails as the parser does on bad YAML. */
    static ConfigLocations of(byte[] content) throws IOException {
        Map<String, Position> positions = new HashMap<>();
        try (JsonParser parser = YAML.createParser(content)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                JsonLocation at = parser.currentTokenLocation();
                positions.putIfAbsent(pointer, new Position(at.getLineNr(), at.getColumnNr()));
            }
        }
        return new ConfigLocations(positions);
    }

    /** A problem at {@code pointer}, placed where the member starts, or its nearest ancestor. */
    public ConfigProblem problem(String pointer, String message) {
        String p = pointer;
        while (true) {
            Position at = positions.get(p);
            if (at != null) {
                return new ConfigProblem(at.line(), at.column(), pointer, message);
            }
            if (p.isEmpty()) {
                return new ConfigProblem(0, 0, pointer, message);
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
    }

    private record Position(int line, int column) {}
}
