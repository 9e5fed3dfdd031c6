package dev.signalbox.gateway.http;

import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.Names;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Reads the query parameters of list and filter calls, adding one violation per bad value whose
 * pointer is {@code "/" + parameter name} (the style every query-parameter problem uses), so a
 * caller reports them all in one 400. A parameter given empty ({@code ?limit=}) is a bad value,
 * not an absent one: it is what a client whose variable was unset sends. Stateless.
 */
public final class QueryParams {

    private QueryParams() {}

    /** An integer from {@code min} to {@code max}, or {@code fallback} when absent. */
    public static long integer(
            RoutingContext ctx, String name, long min, long max, long fallback, List<Violation> violations) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            violations.add(outOfRange(name, min, max, value));
            return fallback;
        }
        if (parsed < min || parsed > max) {
            violations.add(outOfRange(name, min, max, value));
            return fallback;
        }
        return parsed;
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent. */
    public static boolean flag(RoutingContext ctx, String name, boolean fallback, List<Violation> violations) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        if (!value.equals("true") && !value.equals("false")) {
            violations.add(new Violation(
                    "/" + name, "query parameter " + name + " must be true or false, not \"" + value + "\""));
            return fallback;
        }
        return value.equals("true");
    }

    /** A bus, rule or target name, when given. */
    public static Optional<String> name(RoutingContext ctx, String name, List<Violation> violations) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!Names.isValid(value)) {
            violations.add(new Violation(
                    "/" + name, "query parameter " + name + " must be 1 to 64 letters, digits, '.', '_' or '-'"));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static Violation outOfRange(String name, long min, long max, String value) {
        String range =
                max == Long.MAX_VALUE ? "an integer of at least " + min : "an integer from " + min + " to " + max;
        return new Violation("/" + name, "query parameter " + name + " must be " + range + ", not \"" + value + "\"");
    }
}
