package dev.signalbox.rules.gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Value-list entries derived from a scalar an event holds, so that generated patterns hit often:
 * every operator of the language, spelled in every accepted form.
 */
final class Operators {
    private final Random random;

    Operators(Random random) {
        this.random = random;
    }

    /** One entry that tests the scalar (it may or may not accept it). */
    Object entry(Scalar seen) {
        return switch (seen.kind()) {
            case STRING -> forString(seen.text());
            case NUMBER -> forNumber(seen);
            case ODD_NUMBER -> random.nextBoolean() ? seen : op("exists", raw(random.nextBoolean()));
            default -> forKeyword(seen);
        };
    }

    /** An entry unrelated to any event value. */
    Object noise() {
        return switch (random.nextInt(6)) {
            case 0 -> op("exists", raw(random.nextBoolean()));
            case 1 -> forString(Vocabulary.pick(random, Vocabulary.STRINGS));
            case 2 -> forNumber(numberScalar());
            default -> Vocabulary.scalar(random);
        };
    }

    private Object forString(String s) {
        boolean ip = Vocabulary.IPS.contains(s);
        int roll = random.nextInt(ip ? 22 : 18);
        return switch (roll) {
            case 0, 1 -> Scalar.string(s);
            case 2 -> op("exactly", Scalar.string(s));
            case 3 -> op("prefix", Scalar.string(cut(s, true)));
            case 4 -> op("suffix", Scalar.string(cut(s, false)));
            case 5 -> op("equals-ignore-case", Scalar.string(recase(s)));
            case 6 -> op("prefix", op("equals-ignore-case", Scalar.string(recase(cut(s, true)))));
            case 7 -> op("suffix", op("equals-ignore-case", Scalar.string(recase(cut(s, false)))));
            case 8, 9 -> op("wildcard", Scalar.string(wildcard(s)));
            case 10 -> op("anything-but", Scalar.string(maybeOther(s)));
            case 11 -> op("anything-but", List.of(Scalar.string(maybeOther(s)), Scalar.string(other())));
            case 12 -> op("anything-but", op("prefix", oneOrList(nonEmpty(cut(s, true)))));
            case 13 -> op("anything-but", op("suffix", oneOrList(nonEmpty(cut(s, false)))));
            case 14 -> op("anything-but", op("equals-ignore-case", oneOrList(recase(maybeOther(s)))));
            case 15 -> op("anything-but", op("wildcard", oneOrList(wildcard(maybeOther(s)))));
            case 16 -> op("exists", raw(random.nextInt(4) > 0));
            case 17 -> Scalar.string(other());
            default -> ipEntry(s);
        };
    }

    private Object ipEntry(String ip) {
        boolean v6 = ip.contains(":");
        if (random.nextInt(3) == 0) {
            return Scalar.string(Vocabulary.pick(random, Vocabulary.IPS));
        }
        // IPv6 masks stay at 16 or more: wider ones would fall into event-ruler's digit-text quirk.
        int mask = v6 ? 16 + random.nextInt(112) : 8 + random.nextInt(24);
        return op("cidr", Scalar.string(ip + "/" + mask));
    }

    private Object forNumber(Scalar n) {
        double v = Vocabulary.value(n);
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> Vocabulary.respell(random, n);
            case 3 -> op("numeric", List.of("=", Vocabulary.respell(random, n)));
            case 4 -> op("numeric", List.of(Vocabulary.pick(random, List.of("<", "<=", ">", ">=")), near(v)));
            case 5, 6 -> range(v);
            case 7 -> op("anything-but", Vocabulary.respell(random, n));
            case 8 -> op("anything-but", List.of(Vocabulary.respell(random, n), numberScalar()));
            case 9 -> op("anything-but", numberScalar());
            case 10 -> op("exists", raw(random.nextBoolean()));
            default -> op("anything-but", Scalar.string(other()));
        };
    }

    private Object forKeyword(Scalar k) {
        return switch (random.nextInt(5)) {
            case 0, 1 -> k;
            case 2 -> op("exists", raw(random.nextBoolean()));
            case 3 -> op("anything-but", Scalar.string(Vocabulary.pick(random, List.of("true", "null", "x"))));
            default -> Vocabulary.scalar(random);
        };
    }

    private Object range(double v) {
        Scalar a = near(v);
        Scalar b = near(v);
        double x = Vocabulary.value(a);
        double y = Vocabulary.value(b);
        if (x == y) {
            return op("numeric", List.of(">=", a));
        }
        Scalar low = x < y ? a : b;
        Scalar high = x < y ? b : a;
        return op("numeric", List.of(random.nextBoolean() ? ">" : ">=", low, random.nextBoolean() ? "<" : "<=", high));
    }

    private Scalar near(double v) {
        if (random.nextInt(3) == 0) {
            return numberScalar();
        }
        double[] offsets = {0, 0.5, -0.5, 1, -1, 2.5, -100};
        double candidate = v + offsets[random.nextInt(offsets.length)];
        String text = java.math.BigDecimal.valueOf(candidate).toString();
        return Double.isFinite(candidate) && Math.abs(candidate) < 1e300
                ? new Scalar(Scalar.Kind.NUMBER, text, "near")
                : numberScalar();
    }

    private Scalar numberScalar() {
        int group = random.nextInt(Vocabulary.NUMBERS.size());
        return new Scalar(Scalar.Kind.NUMBER, Vocabulary.pick(random, Vocabulary.NUMBERS.get(group)), "g" + group);
    }

    private String cut(String s, boolean head) {
        int at = random.nextInt(s.length() + 1);
        return head ? s.substring(0, at) : s.substring(at);
    }

    private String nonEmpty(String s) {
        return s.isEmpty() ? "x" : s;
    }

    private String recase(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return random.nextInt(8) == 0 ? s.toUpperCase(java.util.Locale.ROOT) : out.toString();
    }

    /** The string with random runs turned into stars, literal stars and backslashes escaped. */
    private String wildcard(String s) {
        StringBuilder out = new StringBuilder();
        boolean lastStar = false;
        for (int i = 0; i < s.length(); i++) {
            if (random.nextInt(4) == 0) {
                if (!lastStar) {
                    out.append('*');
                    lastStar = true;
                }
                if (random.nextBoolean()) {
                    continue; // the star swallows this character
                }
            }
            char c = s.charAt(i);
            if (c == '*' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
            lastStar = false;
        }
        if (random.nextInt(5) == 0 && !lastStar) {
            out.append('*');
        }
        return out.toString();
    }

    private String maybeOther(String s) {
        return random.nextInt(3) == 0 ? other() : s;
    }

    private String other() {
        return Vocabulary.pick(random, Vocabulary.STRINGS);
    }

    private Object oneOrList(String s) {
        return random.nextBoolean() ? Scalar.string(s) : List.of(Scalar.string(s), Scalar.string(nonEmpty(other())));
    }

    static Map<String, Object> op(String name, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(name, value);
        return out;
    }

    static Json.Raw raw(Object value) {
        return new Json.Raw(String.valueOf(value));
    }

    static List<Object> list(Object... entries) {
        return new ArrayList<>(List.of(entries));
    }
}
