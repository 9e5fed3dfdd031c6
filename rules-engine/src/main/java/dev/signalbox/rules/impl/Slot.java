package dev.signalbox.rules.impl;

/**
 * Where the index files one value-list entry so that events carrying a value it accepts find it:
 * which structure of the field's {@link FieldIndex}, and under which key.
 *
 * <p>Immutable, thread-safe. {@code exact} says that being found there already proves the entry
 * accepts the value (an exact string, a prefix, a numeric range); otherwise the slot is a
 * superset (a wildcard filed under its literal head, a folded case key, a CIDR block under the
 * hex digits its bounds share, anything under {@link Kind#PRESENT}) and the rule must be confirmed.
 *
 * @param kind the structure
 * @param key the key within it (a String, Double, Boolean, {@link ValueTest.NumericRange}; unused
 *     for PRESENT)
 * @param exact whether a hit needs no confirmation
 */
record Slot(Kind kind, Object key, boolean exact) {
    enum Kind {
        STRING,
        SCALAR,
        PREFIX,
        SUFFIX,
        FOLDED,
        FOLDED_PREFIX,
        FOLDED_SUFFIX,
        IP,
        IP_BLOCK,
        RANGE,
        PRESENT
    }

    static final Slot PRESENT = new Slot(Kind.PRESENT, "", false);
    static final Slot PRESENT_EXACT = new Slot(Kind.PRESENT, "", true);

    /** The scalar key of a non-string exact value: its double, its exact text, or its type. */
    static Object scalarKey(byte type, String text, double number) {
        return switch (type) {
            case EventValue.NUMBER -> Double.isNaN(number) ? (Object) ("n" + text) : (Object) number;
            case EventValue.TRUE -> Boolean.TRUE;
            case EventValue.FALSE -> Boolean.FALSE;
            default -> "null";
        };
    }

    /** Where a value-list entry is filed; {@code null} for {@code exists: false}. */
    static Slot of(ValueTest test) {
        if (test instanceof ValueTest.Exact exact) {
            return exact.type() == EventValue.STRING
                    ? new Slot(Kind.STRING, exact.text(), true)
                    : new Slot(Kind.SCALAR, scalarKey(exact.type(), exact.text(), exact.number()), true);
        }
        if (test instanceof ValueTest.Prefix prefix) {
            return new Slot(Kind.PREFIX, prefix.prefix(), true);
        }
        if (test instanceof ValueTest.Suffix suffix) {
            return new Slot(Kind.SUFFIX, suffix.suffix(), true);
        }
        if (test instanceof ValueTest.EqualsIgnoreCase eic) {
            return eic.text().isFoldable() ? new Slot(Kind.FOLDED, eic.text().folded(), false) : PRESENT;
        }
        if (test instanceof ValueTest.PrefixIgnoreCase eic) {
            return eic.prefix().isFoldable()
                    ? new Slot(Kind.FOLDED_PREFIX, eic.prefix().folded(), false)
                    : PRESENT;
        }
        if (test instanceof ValueTest.SuffixIgnoreCase eic) {
            return eic.suffix().isFoldable()
                    ? new Slot(Kind.FOLDED_SUFFIX, eic.suffix().folded(), false)
                    : PRESENT;
        }
        if (test instanceof ValueTest.WildcardMatch match) {
            return wildcard(match.wildcard());
        }
        if (test instanceof ValueTest.NumericRange range) {
            return new Slot(Kind.RANGE, range, true);
        }
        if (test instanceof ValueTest.IpRange range) {
            String single = range.singleAddress();
            if (single != null) {
                return new Slot(Kind.IP, single, true);
            }
            // Every address a block holds starts with the hex digits its bounds share; the digit
            // where they part is confirmed (0.0.0.0/0 and the like share none: any value wakes it).
            String shared = range.sharedDigits();
            return shared.isEmpty() ? PRESENT : new Slot(Kind.IP_BLOCK, shared, false);
        }
        if (test instanceof ValueTest.Exists) {
            return PRESENT_EXACT;
        }
        if (test instanceof ValueTest.Absent) {
            return null;
        }
        return PRESENT; // anything-but: true for almost every value, so only presence narrows it
    }

    private static Slot wildcard(Wildcard wildcard) {
        if (wildcard.isLiteral()) {
            return new Slot(Kind.STRING, wildcard.head(), true);
        }
        if (!wildcard.head().isEmpty()
                && wildcard.head().length() >= wildcard.tail().length()) {
            return new Slot(Kind.PREFIX, wildcard.head(), false);
        }
        if (!wildcard.tail().isEmpty()) {
            return new Slot(Kind.SUFFIX, wildcard.tail(), false);
        }
        return PRESENT;
    }

    /**
     * How many events a hit here is expected to cost, relative to an exact value shared by no
     * other rule: used to file each conjunction under its most selective field.
     */
    double weight() {
        return switch (kind) {
            case STRING, SCALAR, IP -> 1;
            case FOLDED -> 1.5;
            case PREFIX, SUFFIX, FOLDED_PREFIX, FOLDED_SUFFIX, IP_BLOCK -> 1 + 16.0 / (1 + ((String) key).length());
            case RANGE -> 8;
            case PRESENT -> 1_000;
        };
    }
}
