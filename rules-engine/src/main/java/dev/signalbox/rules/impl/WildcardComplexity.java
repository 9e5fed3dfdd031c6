package dev.signalbox.rules.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses wildcards that would make matching slow: event-ruler's complexity measure (the most
 * wildcard-pattern states a worst-case value keeps alive at once), computed per field over all of
 * a pattern's {@code wildcard} and {@code anything-but} wildcard entries, must stay at or below
 * {@value #MAX}.
 *
 * <p>Stateless, thread-safe. event-ruler only measures ({@code Machine.evaluateComplexity}); it is
 * EventBridge that refuses "too complex" rules, with a limit of its own. The measure here walks a
 * subset construction of the patterns' automaton over the characters they name: at each step it
 * counts the star states alive plus the literal transitions just taken, which is what event-ruler
 * counts for one pattern ({@code *a*a*} scores 5, {@code a*b*c} 3, a literal 1); patterns sharing a
 * prefix score a little lower here than in event-ruler, whose automaton counts shared states once
 * per pattern. The walk is capped, and a pattern set whose walk exceeds the cap is refused too.
 */
final class WildcardComplexity {
    /** The highest complexity allowed per field of a pattern. */
    static final int MAX = 32;

    private static final int MAX_SUBSETS = 20_000;
    private static final char STAR = 0;
    private static final char OTHER = 1;

    private WildcardComplexity() {}

    static void check(List<SubRule> subRules, Problems problems) {
        Map<String, Set<Wildcard>> byField = new LinkedHashMap<>();
        Map<String, String> pointers = new LinkedHashMap<>();
        for (SubRule subRule : subRules) {
            for (FieldTests field : subRule.fields()) {
                for (ValueTest test : field.tests()) {
                    List<Wildcard> found = test instanceof ValueTest.WildcardMatch w
                            ? List.of(w.wildcard())
                            : test instanceof ValueTest.AnythingButWildcard a ? a.wildcards() : List.of();
                    if (!found.isEmpty()) {
                        byField.computeIfAbsent(field.name(), n -> new LinkedHashSet<>())
                                .addAll(found);
                        pointers.putIfAbsent(field.name(), field.pointer());
                    }
                }
            }
        }
        byField.forEach((name, wildcards) -> {
            int complexity = of(wildcards);
            if (complexity > MAX) {
                problems.add(
                        pointers.get(name),
                        "The wildcards of '" + name + "' are too complex (complexity "
                                + (complexity > MAX_SUBSETS ? "beyond measure" : complexity) + ", at most " + MAX
                                + " allowed): use fewer stars, or fewer patterns sharing a prefix before their first star.");
            }
        });
    }

    /** The complexity of a set of wildcards tested against one field. */
    static int of(Set<Wildcard> wildcards) {
        List<char[]> tokens = new ArrayList<>();
        Set<Character> alphabet = new HashSet<>(List.of('"', OTHER));
        for (Wildcard wildcard : wildcards) {
            StringBuilder out = new StringBuilder("\"");
            List<String> literals = wildcard.literals();
            for (int i = 0; i < literals.size(); i++) {
                if (i > 0) {
                    out.append(STAR);
                }
                out.append(literals.get(i));
                literals.get(i).chars().forEach(c -> alphabet.add((char) c));
            }
            tokens.add(out.append('"').toString().toCharArray());
        }
        int[] offsets = new int[tokens.size() + 1];
        for (int i = 0; i < tokens.size(); i++) {
            offsets[i + 1] = offsets[i] + tokens.get(i).length + 1;
        }
        BitSet start = new BitSet();
        for (int i = 0; i < tokens.size(); i++) {
            start.set(offsets[i]);
        }
        return walk(tokens, offsets, start, alphabet);
    }

    private static int walk(List<char[]> tokens, int[] offsets, BitSet start, Set<Character> alphabet) {
        Set<BitSet> seen = new HashSet<>(List.of(start));
        ArrayDeque<BitSet> queue = new ArrayDeque<>(List.of(start));
        int max = 0;
        while (!queue.isEmpty()) {
            BitSet current = queue.poll();
            for (char c : alphabet) {
                int[] count = {0};
                BitSet next = step(tokens, offsets, current, c, count);
                max = Math.max(max, count[0]);
                if (!next.isEmpty() && seen.add(next)) {
                    if (seen.size() > MAX_SUBSETS) {
                        return MAX_SUBSETS + 1;
                    }
                    queue.add(next);
                }
            }
        }
        return max;
    }

    // One input character. A state is a position in a pattern; a star state also stands for the
    // literal after it (a star may match nothing). Star states stay; a literal matching c advances.
    // Counts live star states plus literal transitions taken: event-ruler's measure.
    private static BitSet step(List<char[]> tokens, int[] offsets, BitSet current, char c, int[] count) {
        BitSet next = new BitSet();
        int taken = 0;
        for (int state = current.nextSetBit(0); state >= 0; state = current.nextSetBit(state + 1)) {
            int pattern = patternOf(offsets, state);
            char[] t = tokens.get(pattern);
            int position = state - offsets[pattern];
            if (position >= t.length) {
                continue; // past the closing quote: nothing further
            }
            int literal = position;
            if (t[position] == STAR) {
                next.set(state);
                literal = position + 1;
            }
            if (c != OTHER && literal < t.length && t[literal] == c) {
                taken++;
                next.set(offsets[pattern] + literal + 1);
            }
        }
        int stars = 0;
        for (int state = next.nextSetBit(0); state >= 0; state = next.nextSetBit(state + 1)) {
            int pattern = patternOf(offsets, state);
            int position = state - offsets[pattern];
            char[] t = tokens.get(pattern);
            if (position < t.length && t[position] == STAR) {
                stars++;
            }
        }
        count[0] = stars + taken;
        return next;
    }

    private static int patternOf(int[] offsets, int state) {
        int found = Arrays.binarySearch(offsets, state);
        return found >= 0 ? found : -found - 2;
    }
}
