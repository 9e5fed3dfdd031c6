package dev.signalbox.rules.gen;

import java.util.List;
import java.util.Random;

/**
 * The small vocabularies the generators draw from, chosen so that patterns hit events often and
 * every kind of value event-ruler treats specially shows up: case pairs with odd foldings,
 * surrogate pairs, IP addresses of both families, strings that look like numbers or keywords,
 * and numbers in many spellings.
 */
final class Vocabulary {
    static final List<String> KEYS = List.of("a", "b", "c", "é", "k.l", "x-y", "ü", "data", "n");

    static final List<String> STRINGS = List.of(
            "x",
            "y",
            "X",
            "xyz",
            "Xyz",
            "xYZ",
            "abc",
            "ab",
            "abcabc",
            "ü",
            "Ü",
            "straße",
            "STRASSE",
            "Straße",
            "😀",
            "a😀b",
            "",
            "5",
            "true",
            "null",
            "k",
            "K",
            "ǅ",
            "ǆ",
            "İ",
            "i",
            "ı",
            "ß",
            "ss",
            "a*b",
            "a\\b",
            "q\"q",
            "tab\there",
            "日本語",
            "ΣΑΣ",
            "σας",
            "x.y",
            "prefix-123",
            "123-suffix");

    /** IP addresses; CIDR blocks are built around them. First IPv4 octets keep clear of digit-only text. */
    static final List<String> IPS = List.of(
            "10.0.0.1",
            "10.1.2.3",
            "10.255.255.255",
            "11.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "192.168.1.255",
            "200.1.2.3",
            "10.0.0.01",
            "::1",
            "2001:db8::1",
            "2001:db8:0:0:0:0:0:2",
            "2001:DB8::ffff",
            "2001:db8:1::",
            "::ffff:a00:1",
            "fe80::1");

    /** Groups of spellings of one comparable number. Digit runs stay under 8 (see the README). */
    static final List<List<String>> NUMBERS = List.of(
            List.of("0", "-0", "0.0", "0e5", "-0.0"),
            List.of("5", "5.0", "5e0", "50e-1", "0.5e1", "5.000"),
            List.of("-3", "-3.00", "-0.3e1", "-3E0"),
            List.of("2.5", "2.50", "25e-1", "0.25E1"),
            List.of("100", "1e2", "1E+2", "100.0", "10e1"),
            List.of("0.1", "0.10", "1e-1", "1E-1"),
            List.of("123456", "1.23456e5", "123456.0"),
            List.of("1.5e300", "15e299", "1.50E300"),
            List.of("-2.5e-300", "-25e-301"),
            List.of("4.9e-324", "4.9E-324"),
            List.of("1.7976931348623157e308", "1.7976931348623157E308"),
            List.of("7"),
            List.of("-7.25", "-725e-2"));

    /** Numbers that are not exactly a double: each has a single spelling. */
    static final List<String> ODD_NUMBERS = List.of("1e400", "-1e400", "0.30000000000000001", "1.0000000000000000001");

    private Vocabulary() {}

    static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** A random scalar: strings, IPs, numbers, odd numbers, booleans, null. */
    static Scalar scalar(Random random) {
        int roll = random.nextInt(20);
        if (roll < 7) {
            return Scalar.string(pick(random, STRINGS));
        }
        if (roll < 9) {
            return Scalar.string(pick(random, IPS));
        }
        if (roll < 15) {
            int group = random.nextInt(NUMBERS.size());
            return new Scalar(Scalar.Kind.NUMBER, pick(random, NUMBERS.get(group)), "g" + group);
        }
        if (roll < 16) {
            String odd = pick(random, ODD_NUMBERS);
            return new Scalar(Scalar.Kind.ODD_NUMBER, odd, odd);
        }
        return switch (roll) {
            case 16, 17 -> new Scalar(Scalar.Kind.TRUE, "true", "true");
            case 18 -> new Scalar(Scalar.Kind.FALSE, "false", "false");
            default -> new Scalar(Scalar.Kind.NULL, "null", "null");
        };
    }

    /** Another spelling of the same number, or the scalar itself. */
    static Scalar respell(Random random, Scalar scalar) {
        if (scalar.kind() != Scalar.Kind.NUMBER || !scalar.text().matches("g[0-9]+")) {
            return scalar;
        }
        List<String> group = NUMBERS.get(Integer.parseInt(scalar.text().substring(1)));
        return new Scalar(Scalar.Kind.NUMBER, pick(random, group), scalar.text());
    }

    /** The double value of a comparable number scalar. */
    static double value(Scalar scalar) {
        return new java.math.BigDecimal(scalar.json()).doubleValue();
    }
}
