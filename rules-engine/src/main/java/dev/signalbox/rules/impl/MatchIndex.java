package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * An immutable snapshot of all rules of a bus, indexed for matching: a trie of event field names
 * whose nodes map each canonical value ({@link ValueKey}) to {@link Postings}.
 *
 * <p>Immutable and thread-safe. {@link #with} and {@link #without} return a new snapshot that
 * shares everything untouched with this one (persistent maps all the way down), so a change
 * costs O(conditions x path length x log n) whatever the number of rules.
 *
 * <p>Each rule is filed under one access condition: of its conditions, the one whose values the
 * fewest rules test when it is added. An event wakes only the rules filed under the values it
 * carries, and each woken rule is confirmed against its own pattern. So a value shared by many
 * rules ({@code "tier": ["gold"]} in 100,000 rules) costs nothing unless it is what those rules
 * are filed under, which happens only when nothing more selective exists. The cost of a match is
 * the event fields the rules name plus the woken rules' pattern sizes, never the rule count.
 */
public final class MatchIndex {
    public static final MatchIndex EMPTY = new MatchIndex(IndexNode.EMPTY, PersistentMap.empty());

    private final IndexNode root;
    private final PersistentMap<String, RuleEntry> rules;

    private MatchIndex(IndexNode root, PersistentMap<String, RuleEntry> rules) {
        this.root = root;
        this.rules = rules;
    }

    /** A snapshot with the rule added, or replaced when the name is already present. */
    public MatchIndex with(String name, PatternNode.Branch tree) {
        RuleEntry old = rules.get(name);
        IndexNode node = old == null ? root : unindex(root, old);
        List<PatternNode.Condition> conditions = tree.conditions();
        RuleEntry entry = new RuleEntry(name, tree, conditions, leastPopular(node, conditions));
        for (PatternNode.Condition condition : conditions) {
            for (String key : keys(condition)) {
                node = node.update(condition.path(), 0, key, p -> p.counted(1));
            }
        }
        for (String key : keys(entry.accessCondition())) {
            node = node.update(entry.accessCondition().path(), 0, key, p -> p.filed(entry));
        }
        return new MatchIndex(node, rules.with(name, entry));
    }

    /** A snapshot without the rule; this one when there is no such rule. */
    public MatchIndex without(String name) {
        RuleEntry old = rules.get(name);
        return old == null ? this : new MatchIndex(unindex(root, old), rules.without(name));
    }

    /** The names of the rules the event (a JSON object) matches; empty for anything else. */
    public Set<String> match(JsonNode event) {
        return MatchRun.run(root, event);
    }

    /** The number of rules. */
    public int size() {
        return rules.size();
    }

    private static IndexNode unindex(IndexNode root, RuleEntry entry) {
        IndexNode node = root;
        for (String key : keys(entry.accessCondition())) {
            node = node.update(entry.accessCondition().path(), 0, key, p -> p.unfiled(entry));
        }
        for (PatternNode.Condition condition : entry.conditions) {
            for (String key : keys(condition)) {
                node = node.update(condition.path(), 0, key, p -> p.counted(-1));
            }
        }
        return node;
    }

    // Ties go to the earlier condition, so that rules with equally rare conditions are filed
    // deterministically.
    private static int leastPopular(IndexNode root, List<PatternNode.Condition> conditions) {
        int best = 0;
        long bestCost = Long.MAX_VALUE;
        for (int i = 0; i < conditions.size(); i++) {
            long cost = 0;
            for (String key : keys(conditions.get(i))) {
                cost += 1 + root.postings(conditions.get(i).path(), key).popularity();
            }
            if (cost < bestCost) {
                best = i;
                bestCost = cost;
            }
        }
        return best;
    }

    private static Set<String> keys(PatternNode.Condition condition) {
        if (condition.matcher() instanceof ExactValues exact) {
            return exact.keys();
        }
        throw new IllegalStateException("no index for " + condition.matcher());
    }
}
