package dev.signalbox.rules.impl;

/**
 * A conjunction as the machine holds it: the rule it belongs to, the conjunction, and the field
 * it is filed under.
 *
 * <p>Immutable, thread-safe. Compared by identity: a rule replaced under the same name gets new
 * entries, so removing the old ones can never touch the new.
 */
final class SubRuleEntry {
    final RuleEntry rule;
    final SubRule subRule;
    /** The index of the access field in {@link SubRule#fields()}, or -1 when always woken. */
    final int access;
    /** Whether waking proves the match: one field, every entry filed exactly. */
    final boolean proven;

    SubRuleEntry(RuleEntry rule, SubRule subRule, int access, boolean proven) {
        this.rule = rule;
        this.subRule = subRule;
        this.access = access;
        this.proven = proven;
    }
}
