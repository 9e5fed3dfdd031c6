package dev.signalbox.rules.impl;

/**
 * A CloudEvents SQL {@code LIKE} pattern, matched in O(value × pattern) time without recursion.
 *
 * <p>CESQL v1's LIKE: {@code %} matches any sequence of characters (also none), {@code _} exactly
 * one, {@code \%} and {@code \_} the characters themselves; every other character, a backslash
 * before anything else included, is itself, and the match is case-sensitive and covers the whole
 * value. Characters are Unicode code points, as in cloudevents-sql 4.0.1, which matched these
 * semantics by turning the pattern into a {@code java.util.regex} and calling {@code matches()}:
 * that backtracks polynomially in the value (O(n^4) for {@code %a%a%a%b}), and filters run on the
 * router's event loop. Two differences from that regex, both the specification's: {@code _} and
 * {@code %} also match line terminators (the regex's {@code .} did not), and a literal {@code \E}
 * in a pattern is the two characters (it ended the regex's quoting).
 *
 * <p>Immutable and thread-safe.
 */
public final class LikePattern {
    private static final int ONE = -1;
    private static final int ANY = -2;

    /** Code points to match as they are, or ONE ({@code _}) or ANY ({@code %}, runs collapsed). */
    private final int[] tokens;

    private final String source;

    private LikePattern(String source, int[] tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    /** The pattern as written between the quotes (string-literal escapes already undone). */
    public static LikePattern of(String pattern) {
        int[] points = pattern.codePoints().toArray();
        int[] tokens = new int[points.length];
        int size = 0;
        for (int i = 0; i < points.length; i++) {
            int c = points[i];
            int token;
            if (c == '\\' && i + 1 < points.length && (points[i + 1] == '%' || points[i + 1] == '_')) {
                token = points[++i];
            } else if (c == '_') {
                token = ONE;
            } else if (c == '%') {
                token = ANY;
            } else {
                token = c;
            }
            if (token == ANY && size > 0 && tokens[size - 1] == ANY) {
                continue; // %% is %: fewer restart points, same language
            }
            tokens[size++] = token;
        }
        return new LikePattern(pattern, java.util.Arrays.copyOf(tokens, size));
    }

    /**
     * Whether the whole value matches. The classic wildcard walk: on a mismatch it resumes after
     * the latest {@code %}, one character further into the value than last time; an earlier
     * {@code %} never needs revisiting (whatever the later one can skip, it can too), so each
     * value position is tried against each pattern position at most once.
     */
    public boolean matches(String value) {
        int[] text = value.codePoints().toArray();
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length) {
            if (p < tokens.length && (tokens[p] == ONE || tokens[p] == text[t])) {
                p++;
                t++;
            } else if (p < tokens.length && tokens[p] == ANY) {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < tokens.length && tokens[p] == ANY) {
            p++;
        }
        return p == tokens.length;
    }

    @Override
    public String toString() {
        return source;
    }
}
