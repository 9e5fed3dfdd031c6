package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * An immutable snapshot of all rules of a bus, indexed for matching.
 *
 * <p>Immutable and thread-safe. {@link #with} and {@link #without} return a new snapshot sharing
 * everything untouched with this one (persistent structures all the way down), so a change costs
 * O(fields x log n) whatever the number of rules, and a reader never waits.
 *
 * <p>Each conjunction of each rule is filed under one <em>access field</em> ({@link IndexBuilder}
 * says which). An event wakes the conjunctions filed under the values it carries, and each woken
 * conjunction is confirmed against the event unless its waking already proves it.
 */
public final class MatchIndex {
    public static final MatchIndex EMPTY =
            new MatchIndex(NameTrie.EMPTY, PersistentMap.empty(), Postings.NONE, PersistentMap.empty());

    final NameTrie names;
    final PersistentMap<String, FieldIndex> fields;
    final Postings always;
    private final PersistentMap<String, RuleEntry> rules;

    private MatchIndex(
            NameTrie names,
            PersistentMap<String, FieldIndex> fields,
            Postings always,
            PersistentMap<String, RuleEntry> rules) {
        this.names = names;
        this.fields = fields;
        this.always = always;
        this.rules = rules;
    }

    /** A snapshot with the rule added, or replaced when the name is already present. */
    public MatchIndex with(String name, CompiledPattern pattern) {
        MatchIndex base = without(name);
        RuleEntry rule = new RuleEntry(name, pattern.subRules().size());
        IndexBuilder builder = new IndexBuilder(base.names, base.fields, base.always);
        for (SubRule subRule : pattern.subRules()) {
            builder.add(rule, subRule.lean());
        }
        return new MatchIndex(builder.names, builder.fields, builder.always, base.rules.with(name, rule));
    }

    /** A snapshot without the rule; this one when there is no such rule. */
    public MatchIndex without(String name) {
        RuleEntry old = rules.get(name);
        if (old == null) {
            return this;
        }
        IndexBuilder builder = new IndexBuilder(names, fields, always);
        for (SubRuleEntry entry : old.entries) {
            builder.remove(entry);
        }
        return new MatchIndex(builder.names, builder.fields, builder.always, rules.without(name));
    }

    /** The names of the rules the event (a JSON object) matches; empty for anything else. */
    public Set<String> match(JsonNode event) {
        return MatchRun.run(this, event);
    }

    /** The names of the rules the event's match view matches, read without building the view. */
    public Set<String> match(dev.signalbox.core.Event event) {
        return size() == 0 ? Set.of() : MatchRun.run(this, EventStream.fields(event, names));
    }

    /** The number of rules. */
    public int size() {
        return rules.size();
    }
}
