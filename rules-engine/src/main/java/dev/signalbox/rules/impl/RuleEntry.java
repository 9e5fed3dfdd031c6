package dev.signalbox.rules.impl;

import java.util.List;

/**
 * A rule as the machine holds it: its name, its pattern tree, its leaf conditions and which of
 * them is its access condition (the one the index files it under).
 *
 * <p>Immutable, thread-safe. Compared by identity: a rule replaced under the same name is a new
 * entry, so removing the old one from the index can never touch the new one.
 */
final class RuleEntry {
    final String name;
    final PatternNode.Branch tree;
    final List<PatternNode.Condition> conditions;
    final int access;

    RuleEntry(String name, PatternNode.Branch tree, List<PatternNode.Condition> conditions, int access) {
        this.name = name;
        this.tree = tree;
        this.conditions = conditions;
        this.access = access;
    }

    PatternNode.Condition accessCondition() {
        return conditions.get(access);
    }
}
