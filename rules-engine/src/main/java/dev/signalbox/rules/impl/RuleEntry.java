package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule as the machine holds it: its name, its pattern and the entries of its conjunctions.
 *
 * <p>Immutable once built (the list is filled by {@link MatchIndex} before publication),
 * thread-safe. Compared by identity, like {@link SubRuleEntry}.
 */
final class RuleEntry {
    final String name;
    final CompiledPattern pattern;
    final List<SubRuleEntry> entries = new ArrayList<>();

    RuleEntry(String name, CompiledPattern pattern) {
        this.name = name;
        this.pattern = pattern;
    }
}
