package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * A conjunction's tests packed into one {@code long[]}, the form in which a machine confirms the
 * conjunctions an event wakes.
 *
 * <p>Immutable once built, thread-safe. {@link SubRuleEntry} extends it, so that a woken entry and
 * its code are one object and one array apart. Why: in a machine of 100,000 rules a woken conjunction has
 * not been touched for a long time, so every object its confirmation reads is a cache miss. As
 * objects (a {@link SubRule} with its arrays of arrays of {@link ValueTest} records, whose strings
 * and sets are objects again) one confirmation read about fifteen cold objects; packed, it reads
 * the code array and the field names, a few cache lines in all. Exact strings, prefixes, suffixes
 * and {@code anything-but} strings carry their text inline (16-bit units, four per word) and are
 * compared unit by unit; numeric ranges and scalars carry their bits. Any other test, or a text
 * longer than {@value #INLINE_LIMIT} units, stays a {@link ValueTest} object in {@code others}.
 *
 * <pre>
 * code[0]                  number of fields n
 * code[1 + k]              field k: start of its tests (bits 0-31), test count (32-47), absence allowed (48)
 * code[start ...]          the tests, each a head word then its operands:
 *   head                   op (bits 0-7), a length, count, type or index (8-31), a hash (32-63)
 *   STRING, PREFIX, SUFFIX the text's units, four per word
 *   RANGE                  low and high as double bits; open ends in the head's bits 8 and 9
 *   NUMBER                 the double's bits
 *   NOT_STRINGS            for each string: a head (length, hash) and its units
 * </pre>
 */
class PackedConjunction {
    static final int INLINE_LIMIT = 64;

    private static final int OTHER = 0;
    private static final int STRING = 1;
    private static final int PREFIX = 2;
    private static final int SUFFIX = 3;
    private static final int RANGE = 4;
    private static final int NUMBER = 5;
    private static final int TYPE = 6;
    private static final int NOT_STRINGS = 7;
    private static final int ANY = 8;
    private static final long ABSENCE = 1L << 48;

    final String[] names;
    final long[] code;
    /** Tests with no packed form, referred to by index; {@code null} when there are none. */
    final ValueTest[] others;

    /** Packs a conjunction; its field names are already interned. */
    PackedConjunction(SubRule subRule) {
        this(pack(subRule));
    }

    /** A conjunction packed by {@link #pack}. */
    PackedConjunction(Packed packed) {
        this.names = packed.names();
        this.code = packed.code();
        this.others = packed.others();
    }

    /** The parts of a packed conjunction, built before the object that holds them (see {@link SubRuleEntry#of}). */
    record Packed(String[] names, long[] code, ValueTest[] others) {}

    static Packed pack(SubRule subRule) {
        int n = subRule.size();
        List<ValueTest> others = new ArrayList<>();
        LongList code = new LongList();
        code.add(n);
        for (int k = 0; k < n; k++) {
            code.add(0);
        }
        for (int k = 0; k < n; k++) {
            int start = code.size();
            int count = 0;
            for (ValueTest test : subRule.tests(k)) {
                if (!(test instanceof ValueTest.Absent)) {
                    pack(test, code, others);
                    count++;
                }
            }
            code.set(1 + k, start | (long) count << 32 | (subRule.allowsAbsence(k) ? ABSENCE : 0));
        }
        ValueTest[] otherTests = others.isEmpty() ? null : others.toArray(new ValueTest[0]);
        // The code last: the entry allocated next sits beside it (see SubRuleEntry#of).
        return new Packed(subRule.nameArray(), code.toArray(), otherTests);
    }

    private static void pack(ValueTest test, LongList code, List<ValueTest> others) {
        if (test instanceof ValueTest.Exact exact) {
            if (exact.type() == EventValue.STRING && exact.text().length() <= INLINE_LIMIT) {
                text(STRING, exact.text(), code);
                return;
            }
            if (exact.type() == EventValue.NUMBER && !Double.isNaN(exact.number())) {
                code.add(NUMBER);
                code.add(Double.doubleToRawLongBits(exact.number()));
                return;
            }
            if (exact.type() != EventValue.STRING && exact.type() != EventValue.NUMBER) {
                code.add(TYPE | exact.type() << 8);
                return;
            }
        } else if (test instanceof ValueTest.Prefix prefix && prefix.prefix().length() <= INLINE_LIMIT) {
            text(PREFIX, prefix.prefix(), code);
            return;
        } else if (test instanceof ValueTest.Suffix suffix && suffix.suffix().length() <= INLINE_LIMIT) {
            text(SUFFIX, suffix.suffix(), code);
            return;
        } else if (test instanceof ValueTest.NumericRange range) {
            code.add(RANGE | (range.lowOpen() ? 1 << 8 : 0) | (range.highOpen() ? 1 << 9 : 0));
            code.add(Double.doubleToRawLongBits(range.low()));
            code.add(Double.doubleToRawLongBits(range.high()));
            return;
        } else if (test instanceof ValueTest.Exists) {
            code.add(ANY);
            return;
        } else if (test instanceof ValueTest.AnythingBut but && fitsInline(but)) {
            code.add(NOT_STRINGS | but.strings().size() << 8);
            for (String s : but.strings()) {
                text(0, s, code);
            }
            return;
        }
        code.add(OTHER | (long) others.size() << 8);
        others.add(test);
    }

    private static boolean fitsInline(ValueTest.AnythingBut but) {
        if (but.strings().size() > 0xFFFF) {
            return false;
        }
        for (String s : but.strings()) {
            if (s.length() > INLINE_LIMIT) {
                return false;
            }
        }
        return true;
    }

    private static void text(int op, String text, LongList code) {
        code.add(op | text.length() << 8 | (long) text.hashCode() << 32);
        long word = 0;
        for (int i = 0; i < text.length(); i++) {
            word |= (long) text.charAt(i) << ((i & 3) << 4);
            if ((i & 3) == 3) {
                code.add(word);
                word = 0;
            }
        }
        if ((text.length() & 3) != 0) {
            code.add(word);
        }
    }

    /** Whether the event's fields satisfy every field, array-consistently (as {@link SubRule#matches}). */
    final boolean matches(EventFields event) {
        return step(0, Memberships.NONE, event);
    }

    private boolean step(int k, int[] constraint, EventFields event) {
        if (k == names.length) {
            return true;
        }
        List<EventValue> values = event.get(names[k]);
        long field = code[1 + k];
        if ((field & ABSENCE) != 0 && SubRule.noneConsistent(values, constraint) && step(k + 1, constraint, event)) {
            return true;
        }
        if (values == null) {
            return false;
        }
        int start = (int) field;
        int count = (int) (field >>> 32) & 0xFFFF;
        boolean unchangedTried = false;
        for (int i = 0; i < values.size(); i++) {
            EventValue value = values.get(i);
            int[] merged = Memberships.merge(constraint, value.membership);
            // As in SubRule: a value that adds no array element leaves the search as it was.
            if (merged == null || (merged == constraint && unchangedTried) || !passes(start, count, value)) {
                continue;
            }
            if (step(k + 1, merged, event)) {
                return true;
            }
            unchangedTried |= merged == constraint;
        }
        return false;
    }

    private boolean passes(int at, int count, EventValue value) {
        for (int t = 0; t < count; t++) {
            long head = code[at];
            int op = (int) head & 0xFF;
            int aux = (int) head >>> 8;
            switch (op) {
                case STRING -> {
                    if (value.type == EventValue.STRING && sameText(head, at + 1, value.text)) {
                        return true;
                    }
                    at += 1 + words(aux);
                }
                case PREFIX -> {
                    if (value.type == EventValue.STRING && unitsAt(at + 1, aux, value.text, 0)) {
                        return true;
                    }
                    at += 1 + words(aux);
                }
                case SUFFIX -> {
                    String text = value.text;
                    if (value.type == EventValue.STRING
                            && text.length() >= aux
                            && unitsAt(at + 1, aux, text, text.length() - aux)) {
                        return true;
                    }
                    at += 1 + words(aux);
                }
                case RANGE -> {
                    if (value.isComparable() && inRange(head, code[at + 1], code[at + 2], value.number)) {
                        return true;
                    }
                    at += 3;
                }
                case NUMBER -> {
                    if (value.type == EventValue.NUMBER && value.number == Double.longBitsToDouble(code[at + 1])) {
                        return true;
                    }
                    at += 2;
                }
                case TYPE -> {
                    if (value.type == aux) {
                        return true;
                    }
                    at += 1;
                }
                case NOT_STRINGS -> {
                    boolean excluded = false;
                    int p = at + 1;
                    for (int s = 0; s < aux; s++) {
                        long stringHead = code[p];
                        excluded |= value.type == EventValue.STRING && sameText(stringHead, p + 1, value.text);
                        p += 1 + words((int) stringHead >>> 8);
                    }
                    if (!excluded) {
                        return true;
                    }
                    at = p;
                }
                case ANY -> {
                    return true;
                }
                default -> {
                    if (others[aux].test(value)) {
                        return true;
                    }
                    at += 1;
                }
            }
        }
        return false;
    }

    private static int words(int units) {
        return (units + 3) >>> 2;
    }

    private static boolean inRange(long head, long lowBits, long highBits, double x) {
        double low = Double.longBitsToDouble(lowBits);
        double high = Double.longBitsToDouble(highBits);
        boolean lowOpen = (head & (1 << 8)) != 0;
        boolean highOpen = (head & (1 << 9)) != 0;
        return (lowOpen ? x > low : x >= low) && (highOpen ? x < high : x <= high);
    }

    // The hash first: it rejects almost every other string without reading the units.
    private boolean sameText(long head, int from, String text) {
        int length = (int) head >>> 8;
        return text.length() == length && text.hashCode() == (int) (head >>> 32) && unitsAt(from, length, text, 0);
    }

    private boolean unitsAt(int from, int length, String text, int offset) {
        if (text.length() - offset < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char unit = (char) (code[from + (i >>> 2)] >>> ((i & 3) << 4));
            if (text.charAt(offset + i) != unit) {
                return false;
            }
        }
        return true;
    }

    /** A growable list of longs, for building the code. */
    private static final class LongList {
        private long[] items = new long[16];
        private int size;

        void add(long item) {
            if (size == items.length) {
                items = java.util.Arrays.copyOf(items, size * 2);
            }
            items[size++] = item;
        }

        void set(int index, long item) {
            items[index] = item;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(items, size);
        }
    }
}
