package dev.signalbox.rules.impl;

import java.util.List;
import java.util.Set;

/**
 * One entry of a pattern field's value list: the test event-ruler applies to one scalar of the
 * event. A field matches when some scalar at its path passes some entry of its list.
 *
 * <p>Implementations are immutable, thread-safe records, equal when they test the same thing.
 * Strings are tested as strings only and numbers as numbers only; every {@code anything-but}
 * passes values of the other kind (event-ruler's {@code ["anything-but": "x"]} accepts 5 and
 * {@code true}). {@link Exists} and {@link Absent} are about the field rather than a value.
 */
public sealed interface ValueTest {
    /** Whether the scalar passes. */
    boolean test(EventValue value);

    /** An exact scalar: a string, a number (by comparable double or exact value), true, false, null. */
    record Exact(byte type, String text, double number, int hash) implements ValueTest {
        public Exact(byte type, String text, double number) {
            this(type, text, number, text == null ? 0 : text.hashCode());
        }

        @Override
        public boolean test(EventValue value) {
            if (value.type != type) {
                return false;
            }
            if (type == EventValue.STRING) {
                // The hash rejects most values without reading this pattern's text, which in a
                // machine of many rules is rarely in cache.
                return value.text.hashCode() == hash && text.equals(value.text);
            }
            if (type == EventValue.NUMBER) {
                return Double.isNaN(number)
                        ? Double.isNaN(value.number) && text.equals(value.text)
                        : value.number == number;
            }
            return true;
        }
    }

    record Prefix(String prefix) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return value.isString() && value.text.startsWith(prefix);
        }
    }

    record Suffix(String suffix) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return value.isString() && value.text.endsWith(suffix);
        }
    }

    record EqualsIgnoreCase(IgnoreCase text) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return value.isString() && text.matches(value.text);
        }
    }

    record PrefixIgnoreCase(IgnoreCase prefix) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return value.isString() && prefix.prefixOf(value.text);
        }
    }

    record SuffixIgnoreCase(IgnoreCase suffix) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return value.isString() && suffix.suffixOf(value.text);
        }
    }

    record WildcardMatch(Wildcard wildcard) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return value.isString() && wildcard.matches(value.text);
        }
    }

    /** {@code numeric} comparisons: the value is a comparable number inside the bounds. */
    record NumericRange(double low, boolean lowOpen, double high, boolean highOpen) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return value.isComparable() && contains(value.number);
        }

        public boolean contains(double x) {
            return (lowOpen ? x > low : x >= low) && (highOpen ? x < high : x <= high);
        }
    }

    /**
     * {@code cidr}, or a string value that is an IP address: bounds on the address's hex digits.
     * A value is inside once a prefix of its hex digits decides it (see {@link IpRange#contains}).
     */
    record IpRange(String bottom, boolean bottomOpen, String top, boolean topOpen) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            String hex = value.ip();
            return hex != null && contains(hex);
        }

        /**
         * event-ruler's range automaton, step by step: the value must follow the bounds' common
         * prefix; at the first digit where the bounds differ it is inside when strictly between
         * them, and otherwise follows the bottom (or top) bound, inside at the first digit above
         * (below) it. So an IPv6 value is decided on its first 8 digits against an IPv4 range,
         * and an IPv4 value can fall inside an IPv6 range early; event-ruler's behaviour, kept.
         */
        public boolean contains(String hex) {
            int last = bottom.length() - 1;
            int fork = 0;
            while (bottom.charAt(fork) == top.charAt(fork)) {
                if (fork >= hex.length() || hex.charAt(fork) != bottom.charAt(fork)) {
                    return false;
                }
                fork++;
            }
            if (fork >= hex.length()) {
                return false;
            }
            char c = hex.charAt(fork);
            char b = bottom.charAt(fork);
            char t = top.charAt(fork);
            if (fork == last) {
                return (c > b && c < t) || (c == b && !bottomOpen) || (c == t && !topOpen);
            }
            if (c > b && c < t) {
                return true;
            }
            if (c == b) {
                return follow(hex, fork + 1, bottom, bottomOpen, 1);
            }
            return c == t && follow(hex, fork + 1, top, topOpen, -1);
        }

        /** The hex digits both bounds start with: a prefix of every address the range holds. */
        public String sharedDigits() {
            int n = Math.min(bottom.length(), top.length());
            int i = 0;
            while (i < n && bottom.charAt(i) == top.charAt(i)) {
                i++;
            }
            return bottom.substring(0, i);
        }

        /** The hex digits of the one address this range holds (a string value), or {@code null}. */
        public String singleAddress() {
            int last = bottom.length() - 1;
            if (!bottom.regionMatches(0, top, 0, last)) {
                return null;
            }
            if (!bottomOpen && topOpen && bottom.charAt(last) != 'F') {
                char next = bottom.charAt(last) == '9' ? 'A' : (char) (bottom.charAt(last) + 1);
                return top.charAt(last) == next ? bottom : null;
            }
            if (bottomOpen && !topOpen && top.charAt(last) == 'F' && bottom.charAt(last) == 'E') {
                return top;
            }
            return null;
        }

        // Along one bound: inside at the first digit beyond it in `direction`, outside at the
        // first digit short of it; at the last digit, equal means inside unless the bound is open.
        private static boolean follow(String hex, int from, String bound, boolean open, int direction) {
            int last = bound.length() - 1;
            for (int i = from; i <= last && i < hex.length(); i++) {
                int order = Integer.signum(hex.charAt(i) - bound.charAt(i)) * direction;
                if (order > 0) {
                    return true;
                }
                if (order < 0) {
                    return false;
                }
                if (i == last) {
                    return !open;
                }
            }
            return false;
        }
    }

    /** {@code anything-but} strings: any value but these strings. */
    record AnythingBut(Set<String> strings) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return !(value.isString() && strings.contains(value.text));
        }
    }

    /** {@code anything-but} numbers: any value but a comparable number equal to one of these. */
    record AnythingButNumbers(Set<Double> numbers) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return !(value.isComparable() && numbers.contains(value.number));
        }
    }

    record AnythingButPrefix(Set<String> prefixes) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            if (value.isString()) {
                for (String prefix : prefixes) {
                    if (value.text.startsWith(prefix)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    record AnythingButSuffix(Set<String> suffixes) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            if (value.isString()) {
                for (String suffix : suffixes) {
                    if (value.text.endsWith(suffix)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    record AnythingButIgnoreCase(List<IgnoreCase> texts) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            if (value.isString()) {
                for (IgnoreCase text : texts) {
                    if (text.matches(value.text)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    record AnythingButWildcard(List<Wildcard> wildcards) implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            if (value.isString()) {
                for (Wildcard wildcard : wildcards) {
                    if (wildcard.matches(value.text)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** {@code exists: true}: any scalar at all, null included. */
    record Exists() implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return true;
        }
    }

    /** {@code exists: false}: no scalar at this path (decided by the field, never per value). */
    record Absent() implements ValueTest {
        @Override
        public boolean test(EventValue value) {
            return false;
        }
    }
}
