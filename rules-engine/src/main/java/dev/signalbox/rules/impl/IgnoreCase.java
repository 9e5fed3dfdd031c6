package dev.signalbox.rules.impl;

import java.util.Locale;

/**
 * An {@code equals-ignore-case} text as event-ruler compiles it: for each UTF-16 unit of the
 * pattern, the event must show either its lower-case or its upper-case form (each taken with
 * {@link Locale#ROOT} on that single unit, so {@code ß} accepts {@code SS} and a surrogate half
 * becomes {@code '?'}).
 *
 * <p>Immutable, thread-safe. Matching walks a set of reachable offsets, because the two forms of
 * one unit may differ in length ({@code İ} lower-cases to two units).
 *
 * @param text the pattern text as written
 */
public record IgnoreCase(String text, String[] lower, String[] upper, String folded) {

    /** Compiles a pattern text. */
    public static IgnoreCase of(String text) {
        String[] lower = new String[text.length()];
        String[] upper = new String[text.length()];
        StringBuilder folded = new StringBuilder(text.length());
        boolean foldable = true;
        for (int i = 0; i < text.length(); i++) {
            String unit = String.valueOf(text.charAt(i));
            lower[i] = Utf8.normalized(unit.toLowerCase(Locale.ROOT));
            upper[i] = Utf8.normalized(unit.toUpperCase(Locale.ROOT));
            if (foldable && lower[i].length() == 1 && upper[i].length() == 1) {
                char a = fold(lower[i].charAt(0));
                foldable = a == fold(upper[i].charAt(0));
                folded.append(a);
            } else {
                foldable = false;
            }
        }
        return new IgnoreCase(text, lower, upper, foldable ? folded.toString() : null);
    }

    /**
     * The index key of a unit: equal for both forms of every foldable pattern unit, so a text
     * that matches has the pattern's {@link #folded} key.
     */
    static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** The fold of every unit of a text. */
    static String fold(String text) {
        char[] out = new char[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fold(text.charAt(i));
        }
        return new String(out);
    }

    /** Whether an index can find matches by {@link #folded} key (every unit folds to one unit). */
    public boolean isFoldable() {
        return folded != null;
    }

    /** Whether the whole value matches. */
    public boolean matches(String value) {
        return ends(value, false, true);
    }

    /** Whether the value starts with a match. */
    public boolean prefixOf(String value) {
        return ends(value, false, false);
    }

    /** Whether the value ends with a match. */
    public boolean suffixOf(String value) {
        return ends(value, true, false);
    }

    // Walks the units forwards from the start, or backwards from the end; `whole` asks that the
    // match consume the value. Offsets count from the anchored end.
    private boolean ends(String value, boolean backwards, boolean whole) {
        int[] offsets = {0};
        int count = 1;
        int length = value.length();
        int units = lower.length;
        for (int u = 0; u < units && count > 0; u++) {
            int i = backwards ? units - 1 - u : u;
            int[] next = new int[count * 2];
            int nextCount = 0;
            for (int k = 0; k < count; k++) {
                nextCount = step(value, offsets[k], lower[i], backwards, next, nextCount);
                if (!upper[i].equals(lower[i])) {
                    nextCount = step(value, offsets[k], upper[i], backwards, next, nextCount);
                }
            }
            offsets = next;
            count = nextCount;
        }
        for (int k = 0; k < count; k++) {
            if (!whole || offsets[k] == length) {
                return true;
            }
        }
        return false;
    }

    private static int step(String value, int offset, String form, boolean backwards, int[] out, int count) {
        int length = value.length();
        int n = form.length();
        if (offset + n > length) {
            return count;
        }
        int start = backwards ? length - offset - n : offset;
        if (!value.regionMatches(start, form, 0, n)) {
            return count;
        }
        int reached = offset + n;
        for (int k = 0; k < count; k++) {
            if (out[k] == reached) {
                return count;
            }
        }
        out[count] = reached;
        return count + 1;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IgnoreCase that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
