package dev.signalbox.rules.impl;

import java.util.List;

/**
 * A compiled event pattern: its conjunctions ({@code $or} expanded) and the names they test.
 *
 * <p>Immutable, thread-safe, shared by every matcher of the pattern. The pattern matches an event
 * when any conjunction does.
 *
 */
public final class CompiledPattern {
    private final List<SubRule> subRules;
    // Built on first use: only EventPattern.matches and explain need a trie of one pattern's
    // names (a machine keeps one trie for all its rules), and 100,000 idle tries weigh 100 MB.
    private volatile NameTrie names;

    public CompiledPattern(List<SubRule> subRules) {
        this.subRules = List.copyOf(subRules);
    }

    /** The conjunctions. */
    public List<SubRule> subRules() {
        return subRules;
    }

    /** The field names the conjunctions test, as a trie for reading events. */
    public NameTrie names() {
        NameTrie trie = names;
        if (trie == null) {
            trie = namesOf(subRules);
            names = trie; // a benign race: every thread builds the same trie
        }
        return trie;
    }

    private static NameTrie namesOf(List<SubRule> subRules) {
        NameTrie names = NameTrie.EMPTY;
        for (SubRule subRule : subRules) {
            for (FieldTests field : subRule.fields()) {
                names = names.with(field.name());
            }
        }
        return names;
    }

    /** Whether any conjunction matches the event's fields (read with {@link #names}). */
    public boolean matches(EventFields fields) {
        for (SubRule subRule : subRules) {
            if (subRule.matches(fields)) {
                return true;
            }
        }
        return false;
    }

    /** Equal when the conjunctions test the same things, however the JSON spelled them. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CompiledPattern that && subRules.equals(that.subRules);
    }

    @Override
    public int hashCode() {
        return subRules.hashCode();
    }
}
