package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Matches one event against one snapshot of the index.
 *
 * <p>Single use, confined to the calling thread. It walks only the parts of the event that some
 * rule names (the trie prunes the rest), looks each scalar up by its canonical value, and wakes
 * the rules filed under it. A rule with one condition is matched by being woken; any other is
 * confirmed by walking its own pattern over the event, which also enforces array consistency
 * (a sub-pattern's fields must come from one element of an array of objects).
 */
final class MatchRun {
    private final Set<RuleEntry> woken = new HashSet<>();

    /** The names of the rules the event matches. */
    static Set<String> run(IndexNode root, JsonNode event) {
        if (event == null || !event.isObject() || root.isEmpty()) {
            return Set.of();
        }
        MatchRun run = new MatchRun();
        run.object(root, event);
        return run.confirmed(event);
    }

    private Set<String> confirmed(JsonNode event) {
        Set<String> names = new HashSet<>();
        for (RuleEntry rule : woken) {
            if (rule.conditions.size() == 1 || rule.tree.matchesObject(event)) {
                names.add(rule.name);
            }
        }
        return Set.copyOf(names);
    }

    private void object(IndexNode node, JsonNode object) {
        // Iterate whichever side is smaller: a wide event against few rule fields, or the reverse.
        if (node.children().size() <= object.size()) {
            node.children().forEach((name, child) -> {
                JsonNode value = object.get(name);
                if (value != null) {
                    value(child, value);
                }
            });
        } else {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                IndexNode child = node.children().get(field.getKey());
                if (child != null) {
                    value(child, field.getValue());
                }
            }
        }
    }

    private void value(IndexNode node, JsonNode value) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                value(node, element);
            }
        } else if (value.isObject()) {
            if (!node.children().isEmpty()) {
                object(node, value);
            }
        } else if (!node.exact().isEmpty()) {
            String key = ValueKey.of(value);
            Postings postings = key == null ? null : node.exact().get(key);
            if (postings != null) {
                postings.access().forEach((rule, same) -> woken.add(rule));
            }
        }
    }
}
