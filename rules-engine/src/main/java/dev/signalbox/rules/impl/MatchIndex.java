package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An immutable snapshot of all rules of a bus, indexed for matching.
 *
 * <p>Immutable and thread-safe. {@link #with} and {@link #without} return a new snapshot sharing
 * everything untouched with this one (persistent structures all the way down), so a change costs
 * O(fields x log n) whatever the number of rules, and a reader never waits.
 *
 * <p>Each conjunction of each rule is filed under one <em>access field</em>: of its fields that
 * must be present, the one whose value list is cheapest to wake on, by {@link Slot#weight} times
 * how many conjunctions already test those values. An exact {@code type} shared by few rules beats
 * a {@code data.amount} range that thousands share; a range beats a value every rule tests. The
 * order of keys in the pattern plays no part (event-ruler walks fields by name, so a wide {@code
 * data.*} test is tried before a selective {@code type}). An event wakes the conjunctions filed
 * under the values it carries, and each woken conjunction is confirmed against the event unless
 * its waking already proves it. Conjunctions whose every field may be absent ({@code exists:
 * false}) are woken by every event.
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
        RuleEntry rule = new RuleEntry(name, pattern);
        Builder builder = new Builder(base);
        for (SubRule subRule : pattern.subRules()) {
            builder.add(rule, subRule);
        }
        return new MatchIndex(builder.names, builder.fields, builder.always, base.rules.with(name, rule));
    }

    /** A snapshot without the rule; this one when there is no such rule. */
    public MatchIndex without(String name) {
        RuleEntry old = rules.get(name);
        if (old == null) {
            return this;
        }
        Builder builder = new Builder(this);
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

    /** A slot's entries are reconsidered each time its count reaches a power of two from here. */
    private static final int REFILE_FROM = 8;

    /** Applies one rule change to mutable copies of the snapshot's roots. */
    private static final class Builder {
        NameTrie names;
        PersistentMap<String, FieldIndex> fields;
        Postings always;

        Builder(MatchIndex from) {
            names = from.names;
            fields = from.fields;
            always = from.always;
        }

        void add(RuleEntry rule, SubRule subRule) {
            int access = cheapestField(subRule);
            boolean proven = access >= 0
                    && subRule.fields().size() == 1
                    && allExact(subRule.fields().get(0));
            SubRuleEntry entry = new SubRuleEntry(rule, subRule, access, proven);
            rule.entries.add(entry);
            file(entry);
            for (FieldTests field : subRule.fields()) {
                names = names.with(field.name());
                countSlots(field, 1);
            }
        }

        void remove(SubRuleEntry entry) {
            unfile(entry);
            for (FieldTests field : entry.subRule.fields()) {
                names = names.without(field.name());
                countSlots(field, -1);
            }
        }

        private void countSlots(FieldTests field, int delta) {
            if (field.allowsAbsence()) {
                return;
            }
            FieldIndex index = fields.get(field.name());
            FieldIndex changed = index == null ? FieldIndex.EMPTY : index;
            List<Slot> grown = new ArrayList<>();
            for (Slot slot : slots(field)) {
                changed = changed.counted(slot, delta);
                int count = changed.count(slot);
                if (delta > 0 && count >= REFILE_FROM && Integer.bitCount(count) == 1) {
                    grown.add(slot);
                }
            }
            fields = changed.isEmpty() ? fields.without(field.name()) : fields.with(field.name(), changed);
            for (Slot slot : grown) {
                refile(field.name(), slot);
            }
        }

        /**
         * Files elsewhere the entries filed under a slot that has become popular, when a cheaper
         * door exists now. Filing is greedy: a rule added early chose its door when few rules
         * tested anything, and a door that was rare then may be common now. Revisiting a slot each
         * time its count doubles keeps filing near what it would be if rules arrived in any other
         * order, at an amortised O(1) per rule.
         */
        private void refile(String name, Slot slot) {
            List<SubRuleEntry> filed = new ArrayList<>();
            fields.get(name).get(slot).forEach(filed::add);
            for (SubRuleEntry entry : filed) {
                int best = cheapestField(entry.subRule);
                if (best != entry.access && best >= 0) {
                    unfile(entry);
                    entry.access = best;
                    file(entry);
                }
            }
        }

        private void file(SubRuleEntry entry) {
            if (entry.access < 0) {
                always = always.filed(entry);
            } else {
                FieldTests field = entry.subRule.fields().get(entry.access);
                for (Slot slot : slots(field)) {
                    change(field.name(), slot, p -> p.filed(entry));
                }
            }
        }

        private void unfile(SubRuleEntry entry) {
            if (entry.access < 0) {
                always = always.unfiled(entry);
            } else {
                FieldTests field = entry.subRule.fields().get(entry.access);
                for (Slot slot : slots(field)) {
                    change(field.name(), slot, p -> p.unfiled(entry));
                }
            }
        }

        private void change(String name, Slot slot, java.util.function.UnaryOperator<Postings> how) {
            FieldIndex index = fields.get(name);
            FieldIndex changed = (index == null ? FieldIndex.EMPTY : index).update(slot, how);
            fields = changed.isEmpty() ? fields.without(name) : fields.with(name, changed);
        }

        // Ties go to the earlier field (by name), so filing is deterministic.
        private int cheapestField(SubRule subRule) {
            int best = -1;
            double bestCost = Double.MAX_VALUE;
            for (int i = 0; i < subRule.fields().size(); i++) {
                FieldTests field = subRule.fields().get(i);
                if (field.allowsAbsence()) {
                    continue;
                }
                FieldIndex index = fields.get(field.name());
                double cost = 0;
                for (Slot slot : slots(field)) {
                    cost += slot.weight() * (1 + popularity(index, slot));
                }
                if (cost < bestCost) {
                    best = i;
                    bestCost = cost;
                }
            }
            return best;
        }

        private static int popularity(FieldIndex index, Slot slot) {
            if (index == null) {
                return 0;
            }
            if (slot.kind() == Slot.Kind.RANGE) {
                ValueTest.NumericRange range = (ValueTest.NumericRange) slot.key();
                double middle = range.low() / 2 + range.high() / 2;
                return index.ranges().covering(middle, 4_096);
            }
            if (slot.kind() == Slot.Kind.PRESENT) {
                return index.present().size();
            }
            return index.count(slot);
        }

        private static boolean allExact(FieldTests field) {
            for (Slot slot : slots(field)) {
                if (!slot.exact()) {
                    return false;
                }
            }
            return true;
        }

        private static List<Slot> slots(FieldTests field) {
            return field.tests().stream()
                    .map(Slot::of)
                    .filter(java.util.Objects::nonNull)
                    .distinct()
                    .toList();
        }
    }
}
