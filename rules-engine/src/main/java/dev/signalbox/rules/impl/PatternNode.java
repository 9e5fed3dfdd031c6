package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled pattern as a tree: branches name event fields, leaves test their values.
 *
 * <p>Immutable, thread-safe. Matching walks the pattern and the event together, which gives
 * aws/event-ruler's array consistency for free: under an array of objects, all fields of one
 * sub-pattern must be found in the same element.
 */
public sealed interface PatternNode {

    /**
     * Whether an event value satisfies this node. Arrays in the event are flattened: the value
     * matches when any element (at any depth of nested arrays) matches.
     */
    boolean matchesValue(JsonNode value);

    /** A field condition of the flattened pattern: the path of field names and the leaf test. */
    record Condition(List<String> path, LeafMatcher matcher) {}

    /** An object of the pattern: every named field must be present and match. */
    record Branch(Map<String, PatternNode> fields) implements PatternNode {
        public Branch {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** Whether an event object has every field of this branch, each matching. */
        public boolean matchesObject(JsonNode object) {
            for (Map.Entry<String, PatternNode> field : fields.entrySet()) {
                JsonNode value = object.get(field.getKey());
                if (value == null || !field.getValue().matchesValue(value)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean matchesValue(JsonNode value) {
            if (value.isObject()) {
                return matchesObject(value);
            }
            return value.isArray() && anyElement(this, value);
        }

        /** The leaf conditions under this branch, in pattern order. */
        public List<Condition> conditions() {
            List<Condition> out = new ArrayList<>();
            collect(this, new ArrayList<>(), out);
            return List.copyOf(out);
        }

        private static void collect(PatternNode node, List<String> path, List<Condition> out) {
            if (node instanceof Leaf leaf) {
                out.add(new Condition(List.copyOf(path), leaf.matcher()));
                return;
            }
            for (Map.Entry<String, PatternNode> field : ((Branch) node).fields.entrySet()) {
                path.add(field.getKey());
                collect(field.getValue(), path, out);
                path.remove(path.size() - 1);
            }
        }
    }

    /** A field of the pattern whose value list is tested against the event's scalars. */
    record Leaf(LeafMatcher matcher) implements PatternNode {
        @Override
        public boolean matchesValue(JsonNode value) {
            if (value.isArray()) {
                return anyElement(this, value);
            }
            return !value.isObject() && matcher.matches(value);
        }
    }

    private static boolean anyElement(PatternNode node, JsonNode array) {
        for (JsonNode element : array) {
            if (node.matchesValue(element)) {
                return true;
            }
        }
        return false;
    }
}
