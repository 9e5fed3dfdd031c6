package dev.signalbox.rules.impl;

/**
 * What the index knows about one (field path, canonical value) pair: the rules filed under it
 * because it is their access condition, and how many rules test for it at all.
 *
 * <p>Immutable, thread-safe. The popularity is what makes the choice of access condition
 * selective: a value that every rule tests ({@code "tier": ["gold"]}) is a poor door to file a
 * rule behind, since every event carrying it would wake them all.
 *
 * @param access the rules whose access condition accepts this value (a set: entry to itself)
 * @param popularity the number of rules with any condition accepting this value
 */
record Postings(PersistentMap<RuleEntry, RuleEntry> access, int popularity) {
    static final Postings NONE = new Postings(PersistentMap.empty(), 0);

    Postings counted(int delta) {
        return new Postings(access, popularity + delta);
    }

    Postings filed(RuleEntry rule) {
        return new Postings(access.with(rule, rule), popularity);
    }

    Postings unfiled(RuleEntry rule) {
        return new Postings(access.without(rule), popularity);
    }

    boolean isEmpty() {
        return popularity == 0 && access.isEmpty();
    }
}
