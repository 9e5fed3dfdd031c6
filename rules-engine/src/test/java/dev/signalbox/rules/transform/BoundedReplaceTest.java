package dev.signalbox.rules.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bounded {@code $replace} gives what jsonata-java's own gave wherever that follows JSONata
 * (the library is the oracle here), JSONata's answer where the library departs from it, and
 * refuses a result past the bound while it is being built, printing nothing.
 */
class BoundedReplaceTest {

    private static final List<String> LITERALS = List.of("a", "b", "ab", "bc", "-", "aa", "c-", "abc");
    private static final List<String> REGEXES = List.of(
            "a",
            "b+",
            "(a)(b)?",
            "[bc]",
            "(a|b)c",
            "a*",
            "(?i)B",
            "(x)?a",
            "(a)|(b)",
            "(a)(b)?(c)?(a)?(b)?(c)?(a)?(b)?(c)?(a)?(b)?");
    private static final List<String> TEMPLATE_PIECES =
            List.of("x", "-", "", "$0", "$1", "$2", "$12", "$11", "$$1", "$$$1", " $w", "yz", "$9");
    private static final List<String> FUNCTIONS = List.of(
            "function($m) { $uppercase($m.match) }",
            "function($m) { '<' & $m.match & '>' }",
            "function($m) { $m.match & $m.match }",
            "function($m) { '' }");

    /** What our frame gives: the expression evaluated by {@link JsonataExpression}, or its failure. */
    private static Object ours(String expression, long maxBytes) throws Exception {
        return new JsonataExpression(expression)
                .evaluate(JsonNodeFactory.instance.objectNode(), Optional.empty(), Map.of(), maxBytes);
    }

    private static Object library(String expression) {
        return Jsonata.jsonata(expression).evaluate(null);
    }

    @Test
    void agreesWithTheLibraryWhereItFollowsJsonata() throws Exception {
        Random random = new Random(20261122);
        for (int round = 0; round < 6_000; round++) {
            StringBuilder subject = new StringBuilder();
            for (int i = random.nextInt(14); i > 0; i--) {
                subject.append("abc-".charAt(random.nextInt(4)));
            }
            String expression;
            int kind = random.nextInt(5);
            if (kind == 0) {
                // A string pattern, replaced literally ($ and all).
                String replacement = pieces(random, random.nextInt(3), "");
                expression = "$replace('" + subject + "', '" + pick(random, LITERALS) + "', '" + replacement + "')";
            } else if (kind == 1) {
                // A regex with references in the replacement.
                String regex = pick(random, REGEXES);
                expression = "$replace('" + subject + "', /" + regex + "/, '" + pieces(random, random.nextInt(4), regex)
                        + "')";
            } else if (kind == 2) {
                // A limit. The library rescans the replaced text for each further match, and reads a
                // string pattern as a regex: the same answers when the patterns hold no regex syntax
                // and the replacement neither matches nor joins text into a new match (so it is not
                // empty, and no pattern matches an empty string or an x).
                boolean regex = random.nextBoolean();
                String pattern =
                        regex ? "/" + pick(random, REGEXES.subList(0, 5)) + "/" : "'" + pick(random, LITERALS) + "'";
                String replacement = pick(random, List.of("x", "xyz"));
                expression = "$replace('" + subject + "', " + pattern + ", '" + replacement + "', " + random.nextInt(4)
                        + ")";
            } else if (kind == 3) {
                expression =
                        "$replace('" + subject + "', /" + pick(random, REGEXES) + "/, " + pick(random, FUNCTIONS) + ")";
            } else {
                // The string from the input, and the pattern and replacement as the arguments.
                String regex = pick(random, REGEXES);
                expression = "'" + subject + "' ~> $replace(/" + regex + "/, '" + pieces(random, 2, regex) + "')";
            }
            // Each call must be answered by the library: a Java exception from it fails the test.
            assertEquals(library(expression), ours(expression, 1_000_000), expression);
        }
    }

    @Test
    void refusesAsTheLibraryRefuses() {
        for (String expression :
                List.of("$replace('abc', '', 'x')", "$replace('abc', 'b', 'x', -1)", "$replace('abc', /b/, 'x', -2)")) {
            JException expected = assertThrows(JException.class, () -> library(expression), expression);
            JsonataExpression.Failure failure =
                    assertThrows(JsonataExpression.Failure.class, () -> ours(expression, 1_000_000), expression);
            assertEquals(
                    "evaluation failed at position " + expected.getLocation() + ": " + expected.getMessage() + " ("
                            + expected.getError() + ")",
                    failure.getMessage(),
                    expression);
        }
        assertEquals(null, library("$replace(nothing, 'a', 'b')"));
    }

    @Test
    void followsJsonataWhereTheLibraryDeparts() throws Exception {
        // A string pattern under a limit is found literally, not as a regex; each further match is
        // found in the original string, not in the replaced one.
        assertEquals("a-b.c", ours("$replace('a.b.c', '.', '-', 1)", 1000));
        assertEquals("abbc", ours("$replace('abc', 'b', 'bb', 2)", 1000));
        assertEquals("ababb", ours("$replace('aab', /a/, '$0b', 2)", 1000));
        // $$ is a $ wherever it stands, a backslash is itself.
        assertEquals("a$c", ours("$replace('abc', /b/, '$$')", 1000));
        assertEquals("a\\c", ours("$replace('abc', /b/, '\\\\')", 1000));
        assertEquals("a$<x>c", ours("$replace('abc', /(?<x>b)/, '$<x>')", 1000));
        // A function's result is used as it is; it gets the captures as groups, and the index; it
        // may have a limit.
        assertEquals("ab$1cab$1c", ours("$replace('abcabc', /(b)/, function($m) { $m.groups[0] & '$1' })", 1000));
        assertEquals("a1ca4c", ours("$replace('abcabc', /b/, function($m) { $string($m.index) })", 1000));
        assertEquals("aXcabc", ours("$replace('abcabc', /b/, function($m) { 'X' }, 1)", 1000));
        assertEquals("aXcaXc", ours("$replace('abcabc', /b/, function($m) { 'X' }, 2.5)", 1000));
        // What JSONata refuses, refused with its codes (the library threw Java exceptions).
        assertFailure("(D3012)", "$replace('abc', /b/, function($m) { 5 })");
        assertFailure("(T0410)", "$replace('abc', 'b', function($m) { 'X' })");
        assertFailure("(T0410)", "$replace('abc', 'b', nothing)");
        assertFailure("(T0410)", "$replace('abc', function($s) { $s }, 'x')");
        assertFailure("(T0410)", "$replace('abc', 'b', 'x', null)");
    }

    private static void assertFailure(String code, String expression) {
        JsonataExpression.Failure failure =
                assertThrows(JsonataExpression.Failure.class, () -> ours(expression, 1000), expression);
        assertTrue(failure.getMessage().endsWith(code), failure.getMessage());
    }

    @Test
    void aLongReplacementIsRefusedWhileItIsBuilt() {
        // 1,000 matches times 1,000 characters: a million characters, for a 65,536 byte bound.
        String expression = "$replace($pad('', 1000, 'a'), 'a', $pad('', 1000, 'x'))";
        String stderr = stderrOf(() -> {
            OutputTooLarge refused = assertThrows(OutputTooLarge.class, () -> ours(expression, 65_536));
            Matcher built = Pattern.compile("with \\$replace a string of at least (\\d+) characters")
                    .matcher(refused.getMessage());
            assertTrue(built.find(), refused.getMessage());
            assertTrue(Long.parseLong(built.group(1)) <= 65_536 + 1000, refused.getMessage());
        });
        assertEquals("", stderr);
        // The same with a regex, and with a function.
        stderrOf(() -> assertThrows(
                OutputTooLarge.class, () -> ours("$replace($pad('', 1000, 'a'), /a/, $pad('', 1000, 'x'))", 65_536)));
    }

    @Test
    void aRefusedFunctionReplacerPrintsNothing() {
        // jsonata-java caught the refusal thrown inside the function and printed its stack trace.
        String expression = "$replace($pad('', 100, 'a'), /a/, function($m) { $pad('', 5000) })";
        String stderr = stderrOf(() -> {
            OutputTooLarge refused = assertThrows(OutputTooLarge.class, () -> ours(expression, 1000));
            assertTrue(
                    refused.getMessage().contains("with $pad a string of at least 5000 characters"),
                    refused.getMessage());
        });
        assertEquals("", stderr);
        // A function that builds its result bit by bit: stopped by the bound on $replace's own string.
        String small = "$replace($pad('', 1000, 'a'), /a/, function($m) { $pad('', 100) })";
        assertEquals("", stderrOf(() -> assertThrows(OutputTooLarge.class, () -> ours(small, 1000))));
    }

    @Test
    void mapStopsCollectingAtTheBound() {
        // Each value passes no exit callback (a tail call); $map counts them as it collects them.
        OutputTooLarge refused = assertThrows(
                OutputTooLarge.class, () -> ours("$map([1..1000], function($v) { $pad('', 1000) })", 10_000));
        assertTrue(refused.getMessage().contains("with $map an array of at least 10 values"), refused.getMessage());
    }

    @Test
    void mapGivesWhatTheLibraryGives() throws Exception {
        for (String expression : List.of(
                "$map([1, 2, 3], function($v) { $v * 2 })",
                "$map([1, 2, 3], function($v, $i) { $v + $i })",
                "$map([1, 2, 3], function($v, $i, $a) { $count($a) })",
                "$map([1, 2, 3], function($v) { $v > 1 ? $v : undefined })",
                "$map([5], function($v) { $v })",
                "$map(5, function($v) { $v })",
                "$map(nothing, function($v) { $v })",
                "$map(['a', 'b'], $uppercase)",
                "[1, 2] ~> $map(function($v) { {'v': $v} })")) {
            assertEquals(library(expression), ours(expression, 1_000_000), expression);
        }
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    /**
     * A replacement of {@code count} pieces. {@code $$} only for the regex with eleven groups: the
     * library removes a {@code $n} naming no group from its rewritten replacement by text, which
     * also cuts the {@code $1} out of an escaped {@code $$1} ('$$1$11' with no groups gave "11").
     */
    private static String pieces(Random random, int count, String regex) {
        boolean dollars = Pattern.compile(regex).matcher("").groupCount() == 11;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String piece = pick(random, TEMPLATE_PIECES);
            text.append(dollars || !piece.startsWith("$$") ? piece : "x");
        }
        return text.toString();
    }

    /** What {@code action} printed to {@link System#err}. */
    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
