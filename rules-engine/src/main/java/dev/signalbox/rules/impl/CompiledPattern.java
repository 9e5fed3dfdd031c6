package dev.signalbox.rules.impl;

import java.util.List;

/**
 * A compiled event pattern: its conjunctions ({@code $or} expanded) and the names they test.
 *
 * <p>Immutable, thread-safe, shared by every matcher of the pattern. The pattern matches an event
 * when any conjunction does.
 *
 * @param subRules the conjunctions, at least one
 */
public record CompiledPattern(List<SubRule> subRules, NameTrie names) {
    public CompiledPattern(List<SubRule> subRules) {
        this(List.copyOf(subRules), namesOf(subRules));
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
