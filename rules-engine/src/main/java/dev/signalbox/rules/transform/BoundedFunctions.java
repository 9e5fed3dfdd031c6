package dev.signalbox.rules.transform;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import java.util.List;

/**
 * The JSONata built-ins whose result can be far larger than their arguments, replaced in an
 * evaluation's frame by versions that refuse the result before it passes the output bound: {@code
 * $pad} (a width of 50,000,000 is a 50 MB string from one literal) and {@code $join} (a separator
 * repeated between many values) compute the result's length first, {@code $replace} (a long
 * replacement for every match) is built piece by piece and stops at the bound ({@link
 * BoundedReplace}), and {@code $map} counts the values it collects as it collects them. Their
 * results are the library's own ({@code $replace}'s where the library follows JSONata); {@code
 * $pad} is also built in one pass instead of the library's quadratic one. A call in the tail of a
 * lambda is not seen by the frame's exit callback (the library runs it as a trampolined thunk), so
 * these checks are the only ones such calls meet before their result exists, and {@code $map}'s
 * is the only one the values a lambda returns that way meet before all of them exist.
 *
 * <p>A range is an operator, not a function the frame can replace, but the library makes it a lazy
 * list, which {@link EvaluationBounds} refuses from its length at its own step.
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
                                bounds.requireString("$pad", length);
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
                                bounds.requireString("$join", length);
                            }
                            return Functions.join(values, separator);
                        },
                        "<a<s>s?:s>"));
        BoundedReplace replace = new BoundedReplace(bounds);
        frame.bind(
                "replace",
                Jsonata.function(
                        "replace",
                        (Jsonata.Fn4<String, Object, Object, Object, String>) replace::replace,
                        "<s-(sf)(sf)n?:s>"));
        frame.bind(
                "map",
                Jsonata.function(
                        "map",
                        (Jsonata.Fn2<List<Object>, Object, List<Object>>)
                                (values, function) -> map(values, function, bounds),
                        "<af>"));
    }

    /**
     * {@code $map} as jsonata-java 0.9.9 defines it (the function is given the value, and its index
     * and the array when it takes them; undefined results are dropped; the result is a sequence),
     * refused as soon as the values collected so far cannot fit the output: the library's own
     * collects every value before the step that holds the array is measured, and a lambda's value
     * returned by a tail call passes no exit callback of its own.
     */
    static List<Object> map(List<Object> values, Object function, EvaluationBounds bounds) {
        if (values == null) {
            return null;
        }
        List<Object> result = Utils.createSequence();
        long least = 1;
        for (int i = 0; i < values.size(); i++) {
            Object value;
            try {
                value = Functions.funcApply(function, Functions.hofFuncArgs(function, values.get(i), i, values));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            if (value != null) {
                result.add(value);
                least += EvaluationBounds.shallowLeast(value) + 1;
                if (least > bounds.maxOutputBytes()) {
                    throw bounds.refuse("would build with $map an array of at least " + result.size()
                            + " values, at least " + least + " bytes of JSON");
                }
            }
        }
        return result;
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
}
