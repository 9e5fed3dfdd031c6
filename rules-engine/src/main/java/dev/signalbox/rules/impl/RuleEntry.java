package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule as the machine holds it: its name and the entries of its conjunctions.
 *
 * <p>Immutable once built (the list is filled by {@link IndexBuilder} before the snapshot holding
 * it is published), thread-safe. Compared by identity, like {@link SubRuleEntry}.
 */
final class RuleEntry {
    final String name;
    /** How many conjunctions the rule has ({@code $or} alternatives expanded). */
    final int conjunctions;

    final List<SubRuleEntry> entries = new ArrayList<>();

    RuleEntry(String name, int conjunctions) {
        this.name = name;
        this.conjunctions = conjunctions;
    }
}
