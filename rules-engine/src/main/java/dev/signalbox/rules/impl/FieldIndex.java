package dev.signalbox.rules.impl;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The index of one field name: one structure per kind of {@link Slot}, side by side, so that an
 * event value is looked up by what it is instead of being tried against every rule: a hash for
 * exact strings and scalars, affix tables for prefixes and suffixes (and their case-folded
 * forms), a range tree for numeric comparisons, a hash of IP addresses and an affix table of CIDR
 * blocks (by the hex digits their bounds share), and the postings woken by any value at all.
 *
 * <p>Immutable, thread-safe; updates share every untouched structure with the previous index.
 */
record FieldIndex(
        LayeredMap<String> strings,
        LayeredMap<Object> scalars,
        AffixTable prefixes,
        AffixTable suffixes,
        LayeredMap<String> folded,
        AffixTable foldedPrefixes,
        AffixTable foldedSuffixes,
        LayeredMap<String> ips,
        AffixTable ipBlocks,
        RangeIndex ranges,
        Postings present,
        PersistentMap<Slot, Integer> counts) {

    static final FieldIndex EMPTY = new FieldIndex(
            LayeredMap.empty(),
            LayeredMap.empty(),
            AffixTable.EMPTY,
            AffixTable.EMPTY,
            LayeredMap.empty(),
            AffixTable.EMPTY,
            AffixTable.EMPTY,
            LayeredMap.empty(),
            AffixTable.EMPTY,
            RangeIndex.EMPTY,
            Postings.NONE,
            PersistentMap.empty());

    boolean isEmpty() {
        return strings.isEmpty()
                && scalars.isEmpty()
                && prefixes.isEmpty()
                && suffixes.isEmpty()
                && folded.isEmpty()
                && foldedPrefixes.isEmpty()
                && foldedSuffixes.isEmpty()
                && ips.isEmpty()
                && ipBlocks.isEmpty()
                && ranges.isEmpty()
                && present.isEmpty()
                && counts.isEmpty();
    }

    /** The postings of a slot, {@link Postings#NONE} when it has none. */
    Postings get(Slot slot) {
        Postings postings =
                switch (slot.kind()) {
                    case STRING -> strings.get((String) slot.key());
                    case SCALAR -> scalars.get(slot.key());
                    case PREFIX -> prefixes.get((String) slot.key());
                    case SUFFIX -> suffixes.get((String) slot.key());
                    case FOLDED -> folded.get((String) slot.key());
                    case FOLDED_PREFIX -> foldedPrefixes.get((String) slot.key());
                    case FOLDED_SUFFIX -> foldedSuffixes.get((String) slot.key());
                    case IP -> ips.get((String) slot.key());
                    case IP_BLOCK -> ipBlocks.get((String) slot.key());
                    case RANGE -> ranges.get((ValueTest.NumericRange) slot.key());
                    case PRESENT -> present;
                };
        return postings == null ? Postings.NONE : postings;
    }

    /** This index with the slot's postings changed. */
    FieldIndex update(Slot slot, UnaryOperator<Postings> change) {
        Postings changed = change.apply(get(slot));
        String key = slot.key() instanceof String text ? text : null;
        LayeredMap<String> strings = this.strings;
        LayeredMap<Object> scalars = this.scalars;
        AffixTable prefixes = this.prefixes;
        AffixTable suffixes = this.suffixes;
        LayeredMap<String> folded = this.folded;
        AffixTable foldedPrefixes = this.foldedPrefixes;
        AffixTable foldedSuffixes = this.foldedSuffixes;
        LayeredMap<String> ips = this.ips;
        AffixTable ipBlocks = this.ipBlocks;
        RangeIndex ranges = this.ranges;
        Postings present = this.present;
        switch (slot.kind()) {
            case STRING -> strings = strings.with(key, changed);
            case SCALAR -> scalars = scalars.with(slot.key(), changed);
            case PREFIX -> prefixes = prefixes.with(key, changed);
            case SUFFIX -> suffixes = suffixes.with(key, changed);
            case FOLDED -> folded = folded.with(key, changed);
            case FOLDED_PREFIX -> foldedPrefixes = foldedPrefixes.with(key, changed);
            case FOLDED_SUFFIX -> foldedSuffixes = foldedSuffixes.with(key, changed);
            case IP -> ips = ips.with(key, changed);
            case IP_BLOCK -> ipBlocks = ipBlocks.with(key, changed);
            case RANGE -> ranges = ranges.with((ValueTest.NumericRange) slot.key(), changed);
            case PRESENT -> present = changed;
        }
        return new FieldIndex(
                strings,
                scalars,
                prefixes,
                suffixes,
                folded,
                foldedPrefixes,
                foldedSuffixes,
                ips,
                ipBlocks,
                ranges,
                present,
                counts);
    }

    /** How many conjunctions test the slot at all, filed there or not. */
    int count(Slot slot) {
        Integer count = counts.get(slot);
        return count == null ? 0 : count;
    }

    /**
     * This index with the slot's count changed. Counts live apart from the probed structures so
     * that a slot many rules test but none is filed under costs an event nothing.
     */
    FieldIndex counted(Slot slot, int delta) {
        int now = count(slot) + delta;
        PersistentMap<Slot, Integer> next = now == 0 ? counts.without(slot) : counts.with(slot, now);
        return new FieldIndex(
                strings,
                scalars,
                prefixes,
                suffixes,
                folded,
                foldedPrefixes,
                foldedSuffixes,
                ips,
                ipBlocks,
                ranges,
                present,
                next);
    }

    /**
     * Notes in the touches the hash slots and cells {@link #probeUnranged} will read for a string
     * value, or the range stab for a number (see {@link Touches}): a caller of this method then
     * calls {@link Touches#issue}, {@link #probeUnranged}, and wakes {@link Touches#woken}.
     */
    void touch(EventValue value, Touches touches) {
        if (value.type != EventValue.STRING) {
            if (value.isComparable() && !ranges.isEmpty()) {
                touches.stab(ranges, value.number);
            }
            return;
        }
        if (!strings.isEmpty()) {
            strings.touch(value.text.hashCode(), touches);
        }
        if (!prefixes.isEmpty()) {
            prefixes.touch(value.text, false, touches);
        }
        if (!suffixes.isEmpty()) {
            suffixes.touch(value.text, true, touches);
        }
    }

    /**
     * Calls the action with every postings the value reaches (the doors it may open), except the
     * numeric ranges, which {@link #touch} has stabbed already.
     */
    void probeUnranged(EventValue value, Consumer<Postings> action) {
        if (present.size() > 0) {
            action.accept(present);
        }
        if (value.type == EventValue.STRING) {
            probeString(value, action);
            return;
        }
        if (!scalars.isEmpty()) {
            Postings hit = scalars.candidates(Slot.scalarKey(value.type, value.text, value.number));
            if (hit != null) {
                action.accept(hit);
            }
        }
    }

    private void probeString(EventValue value, Consumer<Postings> action) {
        String text = value.text;
        if (!strings.isEmpty()) {
            Postings hit = strings.candidates(text);
            if (hit != null) {
                action.accept(hit);
            }
        }
        if (!prefixes.isEmpty()) {
            prefixes.lookup(text, false, action);
        }
        if (!suffixes.isEmpty()) {
            suffixes.lookup(text, true, action);
        }
        if (!folded.isEmpty() || !foldedPrefixes.isEmpty() || !foldedSuffixes.isEmpty()) {
            String key = IgnoreCase.fold(text);
            Postings hit = folded.candidates(key);
            if (hit != null) {
                action.accept(hit);
            }
            foldedPrefixes.lookup(key, false, action);
            foldedSuffixes.lookup(key, true, action);
        }
        if (!ips.isEmpty() || !ipBlocks.isEmpty()) {
            String hex = value.ip();
            if (hex != null) {
                Postings hit = ips.candidates(hex);
                if (hit != null) {
                    action.accept(hit);
                }
                // event-ruler tests an IPv6 value against an IPv4 address on its first 8 digits.
                if (hex.length() == 32 && (hit = ips.candidates(hex.substring(0, 8))) != null) {
                    action.accept(hit);
                }
                // A block is filed under the hex digits its bounds share, a prefix of every
                // address it holds (also across IPv4 and IPv6: see ValueTest.IpRange#contains).
                ipBlocks.lookup(hex, false, action);
            }
        }
    }
}
