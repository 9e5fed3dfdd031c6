package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Applies one rule change to the roots of a {@link MatchIndex} snapshot, producing the roots of
 * the next one.
 *
 * <p>Confined to the machine's writer (under its lock); the roots it starts from are never
 * changed, only replaced. Each conjunction is filed under one <em>access field</em>: of its fields
 * that must be present, the one whose value list is cheapest to wake on, by {@link Slot#weight}
 * times how many conjunctions already test those values (for ranges, that or how many filed
 * ranges cover the range's middle, whichever is more). An exact {@code type} shared by few rules beats a {@code data.amount} range
 * that thousands share; a range beats a value every rule tests. The order of keys in the pattern
 * plays no part (event-ruler walks fields by name, so a wide {@code data.*} test is tried before a
 * selective {@code type}). Conjunctions whose every field may be absent ({@code exists: false})
 * are woken by every event.
 */
final class IndexBuilder {
    /** A slot's entries are reconsidered each time its count reaches a power of two from here. */
    private static final int REFILE_FROM = 8;

    NameTrie names;
    PersistentMap<String, FieldIndex> fields;
    Postings always;

    IndexBuilder(NameTrie names, PersistentMap<String, FieldIndex> fields, Postings always) {
        this.names = names;
        this.fields = fields;
        this.always = always;
    }

    void add(RuleEntry rule, SubRule subRule) {
        int access = cheapestField(subRule);
        boolean proven = access >= 0 && subRule.size() == 1 && allExact(subRule.tests(0));
        SubRuleEntry entry = SubRuleEntry.of(rule, subRule, access, proven);
        rule.entries.add(entry);
        file(entry);
        for (int i = 0; i < subRule.size(); i++) {
            names = names.with(subRule.name(i));
            countSlots(subRule, i, 1);
        }
    }

    void remove(SubRuleEntry entry) {
        unfile(entry);
        for (int i = 0; i < entry.subRule.size(); i++) {
            names = names.without(entry.subRule.name(i));
            countSlots(entry.subRule, i, -1);
        }
    }

    private void countSlots(SubRule subRule, int field, int delta) {
        if (subRule.allowsAbsence(field)) {
            return;
        }
        String name = subRule.name(field);
        FieldIndex index = fields.get(name);
        FieldIndex changed = index == null ? FieldIndex.EMPTY : index;
        List<Slot> grown = new ArrayList<>();
        for (Slot slot : slots(subRule.tests(field))) {
            if (slot.kind() == Slot.Kind.PRESENT) {
                continue; // its popularity is read from the filed postings themselves
            }
            changed = changed.counted(slot, delta);
            int count = changed.count(slot);
            if (delta > 0 && count >= REFILE_FROM && Integer.bitCount(count) == 1) {
                grown.add(slot);
            }
        }
        fields = changed.isEmpty() ? fields.without(name) : fields.with(name, changed);
        for (Slot slot : grown) {
            refile(name, slot);
        }
    }

    /**
     * Files elsewhere the entries filed under a slot that has become popular, when a cheaper door
     * exists now. Filing is greedy: a rule added early chose its door when few rules tested
     * anything, and a door that was rare then may be common now. Revisiting a slot each time its
     * count doubles keeps filing near what it would be if rules arrived in any other order, at an
     * amortised O(1) per rule.
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
            String name = entry.subRule.name(entry.access);
            for (Slot slot : slots(entry.subRule.tests(entry.access))) {
                change(name, slot, p -> p.filed(entry));
            }
        }
    }

    private void unfile(SubRuleEntry entry) {
        if (entry.access < 0) {
            always = always.unfiled(entry);
        } else {
            String name = entry.subRule.name(entry.access);
            for (Slot slot : slots(entry.subRule.tests(entry.access))) {
                change(name, slot, p -> p.unfiled(entry));
            }
        }
    }

    private void change(String name, Slot slot, UnaryOperator<Postings> how) {
        FieldIndex index = fields.get(name);
        FieldIndex changed = (index == null ? FieldIndex.EMPTY : index).update(slot, how);
        fields = changed.isEmpty() ? fields.without(name) : fields.with(name, changed);
    }

    // Ties go to the earlier field (by name), so filing is deterministic.
    private int cheapestField(SubRule subRule) {
        int best = -1;
        double bestCost = Double.MAX_VALUE;
        for (int i = 0; i < subRule.size(); i++) {
            if (subRule.allowsAbsence(i)) {
                continue;
            }
            FieldIndex index = fields.get(subRule.name(i));
            double cost = 0;
            for (Slot slot : slots(subRule.tests(i))) {
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
            // The filed ranges covering its middle say how crowded the door is; the conjunctions
            // testing this very range say how many events it lets through: a range every rule
            // tests ("quantity >= 1") is wide even when few rules happen to be filed under it.
            ValueTest.NumericRange range = (ValueTest.NumericRange) slot.key();
            double middle = range.low() / 2 + range.high() / 2;
            return Math.max(index.ranges().covering(middle, 4_096), index.count(slot));
        }
        if (slot.kind() == Slot.Kind.PRESENT) {
            return index.present().size();
        }
        return index.count(slot);
    }

    private static boolean allExact(ValueTest[] tests) {
        for (Slot slot : slots(tests)) {
            if (!slot.exact()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The distinct slots of a field's tests, in their order. Distinct through a hash set: a list's
     * {@code contains} made a field of n values cost n squared (200,000 values held the event loop
     * putting the rule for minutes).
     */
    private static Collection<Slot> slots(ValueTest[] tests) {
        Set<Slot> out = new LinkedHashSet<>(Math.max(16, tests.length * 2));
        for (ValueTest test : tests) {
            Slot slot = Slot.of(test);
            if (slot != null) {
                out.add(slot);
            }
        }
        return out;
    }
}
