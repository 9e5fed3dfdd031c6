package dev.signalbox.rules.transform;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import java.util.List;

/**
 * The JSONata built-ins whose result can be far larger than their arguments, replaced in an
 * evaluation's frame by versions that compute the result's length first and refuse it before
 * building it: {@code $pad} (a width of 50,000,000 is a 50 MB string from one literal) and
 * {@code $join} (a separator repeated between many values). Their results are the library's own;
 * {@code $pad} is also built in one pass instead of the library's quadratic one. A call in the tail of a lambda is not seen by the frame's exit callback (the
 * library runs it as a trampolined thunk), so these checks are the only ones such calls meet
 * before their result exists.
 *
 * <p>{@code $replace} can multiply too (a long replacement for every match), but its length is not
 * known without doing the replacing; its result is measured right after the step, like a range
 * ({@code [1..9999999]}).
 *
 * <p>Stateless apart from the bound; bound to one evaluation's frame.
 */
final class BoundedFunctions {

    private BoundedFunctions() {}

    static void bind(Jsonata.Frame frame, EvaluationBounds bounds) {
        frame.bind(
                "pad",
                Jsonata.function(
                        "pad",
                        (Jsonata.Fn3<String, Number, String, String>) (text, width, padding) -> {
                            if (text != null && width != null) {
                                long length = Math.max(text.length(), (long) Math.abs(width.doubleValue()));
                                refuseString("$pad", length, bounds);
                            }
                            return pad(text, width, padding);
                        },
                        "<s-ns?:s>"));
        frame.bind(
                "join",
                Jsonata.function(
                        "join",
                        (Jsonata.Fn2<List<String>, String, String>) (values, separator) -> {
                            if (values != null) {
                                long length = separator == null || values.isEmpty()
                                        ? 0
                                        : (long) separator.length() * (values.size() - 1);
                                for (int i = 0; i < values.size() && length + 2 <= bounds.maxOutputBytes(); i++) {
                                    length += String.valueOf(values.get(i)).length();
                                }
                                refuseString("$join", length, bounds);
                            }
                            return Functions.join(values, separator);
                        },
                        "<a<s>s?:s>"));
    }

    /**
     * {@code $pad} as jsonata-java 0.9.9 defines it (widths and lengths in code points; the
     * padding string repeated and cut to the width; a negative width pads on the left), built in
     * one pass: the library appends the padding one repetition at a time to an immutable string,
     * so its time grows with the square of the width ({@code $pad('', 100000)} took about half a
     * second, on the router's event loop). {@code BoundedFunctionsTest} compares the two.
     */
    static String pad(String text, Number width, String padding) {
        if (text == null) {
            return null;
        }
        String unit = padding == null || padding.isEmpty() ? " " : padding;
        int signed = width.intValue();
        int pads = (signed < 0 ? -signed : signed) - text.codePointCount(0, text.length());
        if (pads <= 0) {
            return text;
        }
        int unitPoints = unit.codePointCount(0, unit.length());
        StringBuilder fill = new StringBuilder(pads + unit.length());
        for (int points = 0; points < pads; points += unitPoints) {
            fill.append(unit);
        }
        String cut = fill.substring(0, fill.offsetByCodePoints(0, pads));
        return signed < 0 ? cut + text : text + cut;
    }

    private static void refuseString(String function, long length, EvaluationBounds bounds) {
        if (length + 2 > bounds.maxOutputBytes()) {
            throw bounds.refuse("would build with " + function + " a string of at least " + length + " characters, "
                    + (length + 2) + " bytes of JSON");
        }
    }
}
