package dev.signalbox.rules.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON path subset EventBridge input transformers accept: {@code $}, then {@code .name}, array
 * indices {@code [2]}, wildcards {@code .*} and {@code [*]}, and, for keys with dots or spaces,
 * {@code ['name']}. A path without wildcards selects one value; with one, an array of every value
 * selected (in document order).
 *
 * <p>Immutable, thread-safe. A name step reads objects only and an index step arrays only, so a
 * path that does not fit the event selects nothing rather than guessing.
 *
 * @param text the path as written
 */
public record JsonPath(String text, List<Step> steps) {
    public JsonPath {
        steps = List.copyOf(steps);
    }

    /** One step: a field name, an array index, or every child ({@code name} and index unused). */
    public record Step(String name, int index, boolean wildcard) {}

    /** Thrown for a path that does not parse; the message says where. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses a path such as {@code $.data.items[0].sku}. */
    public static JsonPath parse(String text) throws Invalid {
        if (!text.startsWith("$")) {
            throw new Invalid("a path starts with '$', as in $.data.id");
        }
        List<Step> steps = new ArrayList<>();
        int at = 1;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '.') {
                at = name(text, at + 1, steps);
            } else if (c == '[') {
                at = bracket(text, at + 1, steps);
            } else {
                throw new Invalid("unexpected '" + c + "' at position " + at + "; use .name or [index]");
            }
        }
        return new JsonPath(text, steps);
    }

    private static int name(String text, int from, List<Step> steps) throws Invalid {
        int end = from;
        while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
            end++;
        }
        if (end == from) {
            throw new Invalid("an empty name at position " + from);
        }
        String name = text.substring(from, end);
        steps.add(name.equals("*") ? new Step(null, -1, true) : new Step(name, -1, false));
        return end;
    }

    private static int bracket(String text, int from, List<Step> steps) throws Invalid {
        int close = text.indexOf(']', from);
        if (close < 0) {
            throw new Invalid("'[' at position " + (from - 1) + " is not closed");
        }
        String inside = text.substring(from, close);
        if (inside.equals("*")) {
            steps.add(new Step(null, -1, true));
        } else if (inside.length() >= 2
                && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
            steps.add(new Step(inside.substring(1, inside.length() - 1), -1, false));
        } else {
            try {
                int index = Integer.parseInt(inside);
                if (index < 0) {
                    throw new NumberFormatException();
                }
                steps.add(new Step(null, index, false));
            } catch (NumberFormatException e) {
                throw new Invalid(
                        "'[" + inside + "]' at position " + (from - 1) + " is not an index, * or a quoted name");
            }
        }
        return close + 1;
    }

    /**
     * Whether the path can select the event's {@code data} or something in it: {@code $} (the
     * whole event), a first step {@code .data} or a wildcard. Paths to attributes do not.
     */
    public boolean readsData() {
        if (steps.isEmpty()) {
            return true;
        }
        Step first = steps.get(0);
        return first.wildcard() || "data".equals(first.name());
    }

    /** The selected value, or empty when the path selects nothing. */
    public Optional<JsonNode> select(JsonNode root) {
        List<JsonNode> current = List.of(root);
        boolean many = false;
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step.wildcard()) {
                    node.elements().forEachRemaining(next::add);
                } else if (step.name() != null) {
                    JsonNode child = node.isObject() ? node.get(step.name()) : null;
                    if (child != null) {
                        next.add(child);
                    }
                } else if (node.isArray() && step.index() < node.size()) {
                    next.add(node.get(step.index()));
                }
            }
            many |= step.wildcard();
            current = next;
        }
        if (many) {
            ArrayNode all = JsonNodeFactory.instance.arrayNode();
            current.forEach(all::add);
            return Optional.of(all);
        }
        return current.isEmpty() ? Optional.empty() : Optional.of(current.get(0));
    }
}
