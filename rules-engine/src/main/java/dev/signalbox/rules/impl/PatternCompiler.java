package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the JSON of an event pattern into a {@link PatternNode.Branch}, or into every {@link
 * Violation} it has, each pointing into the pattern.
 *
 * <p>Stateless and thread-safe. It does not stop at the first problem: the client fixes the whole
 * pattern in one round trip. Only exact-value leaves exist in this cut; an operator object in a
 * value list is recognised by name and reported as not supported yet rather than as garbage, so
 * a client who writes valid EventBridge gets an honest answer.
 */
public final class PatternCompiler {
    /** The EventBridge operators, recognised to say "not supported yet" instead of "invalid". */
    private static final Set<String> OPERATORS =
            Set.of("prefix", "suffix", "anything-but", "numeric", "exists", "cidr", "equals-ignore-case", "wildcard");

    private static final String OR = "$or";

    /** The tree, or the violations found instead (exactly one of the two is non-null/non-empty). */
    public record Result(PatternNode.Branch tree, List<Violation> violations) {}

    private final List<Violation> violations = new ArrayList<>();

    private PatternCompiler() {}

    /** Compiles a pattern; the result has a tree exactly when there are no violations. */
    public static Result compile(JsonNode pattern) {
        PatternCompiler compiler = new PatternCompiler();
        if (pattern == null || !pattern.isObject()) {
            compiler.add("", "A pattern must be a JSON object, not " + kind(pattern) + ".");
            return compiler.result(null);
        }
        if (pattern.isEmpty()) {
            compiler.add("", "A pattern needs at least one field.");
            return compiler.result(null);
        }
        return compiler.result(compiler.branch(pattern, ""));
    }

    private Result result(PatternNode.Branch tree) {
        return violations.isEmpty() ? new Result(tree, List.of()) : new Result(null, List.copyOf(violations));
    }

    private PatternNode.Branch branch(JsonNode object, String pointer) {
        Map<String, PatternNode> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            String name = member.getKey();
            String at = pointer + "/" + Violation.escape(name);
            if (name.equals(OR)) {
                add(at, "The operator '" + OR + "' is not supported yet.");
                continue;
            }
            PatternNode node = field(name, member.getValue(), at);
            if (node != null) {
                fields.put(name, node);
            }
        }
        return new PatternNode.Branch(fields);
    }

    private PatternNode field(String name, JsonNode value, String at) {
        if (value.isObject()) {
            if (value.isEmpty()) {
                add(at, "The object for field '" + name + "' is empty; it needs at least one field.");
                return null;
            }
            return branch(value, at);
        }
        if (value.isArray()) {
            return leaf(name, value, at);
        }
        add(
                at,
                "The field '" + name + "' must be an array of values (e.g. [\"x\"]) or an object, not " + kind(value)
                        + ".");
        return null;
    }

    private PatternNode leaf(String name, JsonNode array, String at) {
        if (array.isEmpty()) {
            add(at, "The value list of field '" + name + "' is empty; it needs at least one value.");
            return null;
        }
        Set<String> keys = new HashSet<>();
        int before = violations.size();
        for (int i = 0; i < array.size(); i++) {
            JsonNode value = array.get(i);
            String key = value.isContainerNode() ? null : ValueKey.of(value);
            if (key != null) {
                keys.add(key);
            } else {
                add(at + "/" + i, valueProblem(value));
            }
        }
        return violations.size() == before ? new PatternNode.Leaf(new ExactValues(keys)) : null;
    }

    private static String valueProblem(JsonNode value) {
        if (value.isArray()) {
            return "A value list must not contain arrays; list the values directly.";
        }
        if (value.isObject()) {
            if (value.size() == 1) {
                String operator = value.fieldNames().next();
                return OPERATORS.contains(operator)
                        ? "The operator '" + operator + "' is not supported yet."
                        : "'" + operator + "' is not a known operator.";
            }
            return "An object in a value list must be a single operator such as {\"prefix\": \"a\"}.";
        }
        if (value.isNumber()) {
            return "The number " + value.asText() + " is out of range.";
        }
        return "A value must be a string, a number, true, false or null, not " + kind(value) + ".";
    }

    private void add(String pointer, String message) {
        violations.add(new Violation(pointer, message));
    }

    private static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
