package dev.signalbox.rules.transform;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONata's {@code $replace(str, pattern, replacement [, limit])}, built piece by piece into a
 * string that is refused as soon as it would pass the output bound: a long replacement for every
 * match ({@code $replace($pad('', 1000, 'a'), 'a', $pad('', 1000))}) is a string a thousand times
 * its arguments, which jsonata-java builds whole before the step that holds it is refused.
 *
 * <p>The semantics are JSONata's (its documentation and the reference implementation): a string
 * pattern is found literally and replaced by the replacement as written; a regex's replacement may
 * refer to the match as {@code $0} and to capture groups as {@code $1}, {@code $2}, ... (as many
 * digits as the group count has, fewer if that names no group; a group that took no part gives
 * nothing), {@code $$} is a {@code $}, and any other {@code $} is itself; a function replacer is
 * called with {@code {"match", "index", "groups"}} (the captures, as {@code $match} gives them)
 * and must return a string, used as it is; {@code limit} replaces the first matches only, each
 * found in the original string. jsonata-java 0.9.9 gives the same results for those uses, and
 * differs where its own version departs from JSONata (see the module README): it reads a string
 * pattern under a limit as a regex, rescans the replaced text for each further match under a
 * limit, reads {@code \} and {@code $<name>} in a regex's replacement and in a function's result
 * as {@code java.util.regex} does, passes a function the whole match as {@code groups[0]}, and
 * answers a function that returns no string, a function with a limit or a string pattern, a
 * matcher function as the pattern, and a lone {@code $$} with a Java exception; a function's own
 * failure it printed to stderr and swallowed, where here it ends the evaluation as any failure
 * does. As in jsonata-java (not JSONata, which refuses them), a regex may match the empty string.
 *
 * <p>Stateless apart from the bound; bound to one evaluation's frame.
 */
final class BoundedReplace {

    private final EvaluationBounds bounds;

    BoundedReplace(EvaluationBounds bounds) {
        this.bounds = bounds;
    }

    /** The replaced string, or {@code null} (undefined) when {@code text} is. */
    String replace(String text, Object pattern, Object replacement, Object limit) {
        if (text == null) {
            return null;
        }
        // The library's own errors, as it throws them, so a refused call reads as before.
        if (pattern instanceof String literal && literal.isEmpty()) {
            throw new JException("Second argument of replace function cannot be an empty string", 0);
        }
        if (limit != null && !(limit instanceof Number)) {
            throw new JException("T0410", -1, 4, "replace");
        }
        double most = limit == null ? Double.POSITIVE_INFINITY : ((Number) limit).doubleValue();
        if (most < 0) {
            throw new JException("Fourth argument of replace function must evaluate to a positive number", 0);
        }
        if (!(pattern instanceof String) && !(pattern instanceof Pattern)) {
            // A matcher function, which JSONata allows and jsonata-java does not implement.
            throw new JException("T0410", -1, 2, "replace");
        }
        if (!(replacement instanceof String) && (replacement == null || pattern instanceof String)) {
            // No replacement, or a function for a string pattern, which JSONata does not define.
            throw new JException("T0410", -1, 3, "replace");
        }
        Out out = new Out(text.length());
        int position = 0;
        int count = 0;
        if (pattern instanceof String literal) {
            String with = (String) replacement;
            for (int at = text.indexOf(literal); at >= 0 && count < most; at = text.indexOf(literal, position)) {
                out.append(text, position, at).append(with, 0, with.length());
                position = at + literal.length();
                count++;
            }
        } else {
            Matcher matcher = ((Pattern) pattern).matcher(text);
            while (count < most && matcher.find()) {
                out.append(text, position, matcher.start());
                if (replacement instanceof String template) {
                    substitute(template, matcher, out);
                } else {
                    String with = called(replacement, matcher);
                    out.append(with, 0, with.length());
                }
                position = matcher.end();
                count++;
            }
        }
        return out.append(text, position, text.length()).toString();
    }

    /** JSONata's {@code $} references in a regex's replacement, appended for one match. */
    private static void substitute(String template, Matcher matcher, Out out) {
        int groups = matcher.groupCount();
        // As many digits as the group count has (one when there are no groups).
        int digits = groups == 0 ? 1 : Integer.toString(groups).length();
        int position = 0;
        for (int dollar = template.indexOf('$');
                dollar >= 0 && position < template.length();
                dollar = template.indexOf('$', position)) {
            out.append(template, position, dollar);
            position = dollar + 1;
            char next = position < template.length() ? template.charAt(position) : 0;
            if (next == '$') {
                out.append("$", 0, 1);
                position++;
            } else if (next == '0') {
                out.append(matcher.group(), 0, matcher.group().length());
                position++;
            } else {
                int group = leadingNumber(template, position, digits);
                if (digits > 1 && group > groups) {
                    group = leadingNumber(template, position, digits - 1);
                }
                if (group < 0) {
                    out.append("$", 0, 1); // not a reference: the $ itself
                } else {
                    String captured = group >= 1 && group <= groups ? matcher.group(group) : null;
                    if (captured != null) {
                        out.append(captured, 0, captured.length());
                    }
                    position += Integer.toString(group).length();
                }
            }
        }
        out.append(template, position, template.length());
    }

    /** The number the ASCII digits at {@code from} (at most {@code most} of them) spell; -1 for none. */
    private static int leadingNumber(String text, int from, int most) {
        int value = -1;
        for (int i = from; i < Math.min(text.length(), from + most); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = (value < 0 ? 0 : value * 10) + (c - '0');
        }
        return value;
    }

    /** A function replacer's result for one match; what it throws ends the evaluation. */
    private static String called(Object function, Matcher matcher) {
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("match", matcher.group());
        match.put("index", matcher.start());
        List<String> groups = new ArrayList<>(matcher.groupCount());
        for (int g = 1; g <= matcher.groupCount(); g++) {
            groups.add(matcher.group(g));
        }
        match.put("groups", groups);
        Object result;
        try {
            result = Functions.funcApply(function, List.of(match));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (result instanceof String text) {
            return text;
        }
        throw new JException("D3012", -1, result);
    }

    /** The result so far, refused before it grows past the bound. */
    private final class Out {
        private final StringBuilder text;

        Out(int expected) {
            text = new StringBuilder((int) Math.min(expected, bounds.maxOutputBytes()));
        }

        Out append(CharSequence from, int start, int end) {
            bounds.requireString("$replace", text.length() + (long) (end - start));
            text.append(from, start, end);
            return this;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
