package dev.signalbox.rules.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code wildcard} text: literal runs separated by {@code *}, each star matching any run of
 * characters (including none). {@code \*} is a literal star and {@code \\} a literal backslash;
 * any other backslash, and two stars in a row, are refused, as event-ruler refuses them.
 *
 * <p>Immutable, thread-safe. Matching is the classic greedy glob walk with one backtrack point,
 * linear in practice and O(text x pattern) at worst; the cost a pattern can impose on every event
 * is what {@link WildcardComplexity} bounds at rule creation.
 *
 * @param text the pattern as written
 * @param literals the literal runs; one more than the number of stars
 */
public record Wildcard(String text, List<String> literals) {
    public Wildcard {
        literals = List.copyOf(literals);
    }

    /** Thrown for a text event-ruler's wildcard parser refuses; the message says where. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses a wildcard text. */
    public static Wildcard parse(String text) throws Invalid {
        List<String> literals = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    throw new Invalid("two wildcard characters in a row at position " + i);
                }
                literals.add(run.toString());
                run.setLength(0);
            } else if (c == '\\') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (next != '*' && next != '\\') {
                    throw new Invalid("invalid escape at position " + i + "; only \\* and \\\\ are allowed");
                }
                run.append(next);
                i++;
            } else {
                run.append(c);
            }
        }
        literals.add(run.toString());
        return new Wildcard(text, literals);
    }

    /** Whether the pattern has no star: it is then an exact value. */
    public boolean isLiteral() {
        return literals.size() == 1;
    }

    /** The literal text before the first star (an index can file the pattern under it). */
    public String head() {
        return literals.get(0);
    }

    /** The literal text after the last star. */
    public String tail() {
        return literals.get(literals.size() - 1);
    }

    /** Whether the whole value matches. */
    public boolean matches(String value) {
        int last = literals.size() - 1;
        String head = literals.get(0);
        if (last == 0) {
            return value.equals(head);
        }
        String tail = literals.get(last);
        if (value.length() < head.length() + tail.length() || !value.startsWith(head) || !value.endsWith(tail)) {
            return false;
        }
        // Middle runs, leftmost first: a leftmost match never hurts later runs, so no backtracking.
        int from = head.length();
        int end = value.length() - tail.length();
        for (int i = 1; i < last; i++) {
            String run = literals.get(i);
            int at = value.indexOf(run, from);
            if (at < 0 || at + run.length() > end) {
                return false;
            }
            from = at + run.length();
        }
        return true;
    }
}
