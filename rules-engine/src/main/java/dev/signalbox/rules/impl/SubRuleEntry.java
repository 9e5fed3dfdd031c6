package dev.signalbox.rules.impl;

/**
 * A conjunction as the machine holds it: the rule it belongs to, the conjunction (packed for
 * confirming, and as a {@link SubRule} for filing), and the field it is filed under.
 *
 * <p>Thread-safe for matchers, which read only the final fields. Compared by identity: a rule
 * replaced under the same name gets new entries, so removing the old ones can never touch the new.
 * An entry filed alone under a slot is that slot's {@link Postings}: one cold object less between
 * a hash slot and the conjunction it wakes.
 */
final class SubRuleEntry extends PackedConjunction implements Postings {
    final RuleEntry rule;
    /** The rule's name, kept here so that matching reads one object per woken conjunction. */
    final String ruleName;
    /** Whether the rule has other conjunctions ({@code $or}) that may match the same event. */
    final boolean hasSiblings;

    final SubRule subRule;
    /**
     * The index of the access field in the conjunction's fields (by name), or -1 when always woken. Written
     * only by the machine's writer (under its lock) when it re-files the entry; matchers never read
     * it, they see the entry only through the postings of the snapshot they hold.
     */
    int access;
    /** Whether waking proves the match: one field, every entry filed exactly. */
    final boolean proven;

    /**
     * An entry whose code is allocated just before it. Why: a woken conjunction is confirmed by
     * reading the entry and its code; allocated one after the other they share a memory page
     * (one address translation instead of two, and in a large machine each is a miss of the
     * translation cache) and usually neighbouring cache lines, where packing the code inside the
     * constructor put the packer's scratch arrays between them.
     */
    static SubRuleEntry of(RuleEntry rule, SubRule subRule, int access, boolean proven) {
        return new SubRuleEntry(rule, subRule, pack(subRule), access, proven);
    }

    private SubRuleEntry(RuleEntry rule, SubRule subRule, Packed packed, int access, boolean proven) {
        super(packed);
        this.rule = rule;
        this.ruleName = rule.name;
        this.hasSiblings = rule.conjunctions > 1;
        this.subRule = subRule;
        this.access = access;
        this.proven = proven;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public void forEach(java.util.function.Consumer<SubRuleEntry> action) {
        action.accept(this);
    }

    @Override
    public boolean proves() {
        return proven;
    }
}
