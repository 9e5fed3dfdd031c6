package dev.signalbox.rules.transform;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The bounds of one JSONata evaluation: its time, its depth and the size of what it builds.
 *
 * <p>jsonata-java calls a frame's entry and exit callbacks around every step of an evaluation;
 * its own {@code setRuntimeBounds} uses both slots for time and depth, so this class does those
 * checks itself and adds one on every step's result: a string, array or object that is already
 * too large to fit the output (a lower bound of its JSON size: a string of n characters takes at
 * least n + 2 bytes; an array or object its values' own sizes one level down, each at least one
 * byte, and the punctuation) ends the evaluation there. So a runaway concatenation ({@code $a &
 * $a} in a loop) stops at about twice the bound instead of at gigabytes. {@link BoundedFunctions}
 * refuses {@code $pad}, {@code $join}, {@code $replace} and {@code $map} results before they pass
 * the bound. A range ({@code [1..9999999]}) is a lazy list in the library, refused from its length
 * at its own step, before an array constructor or a function copies its values. What these checks
 * miss (values nested deeper, each under the bound) is caught when the result is written out,
 * which stops at the bound.
 *
 * <p>Owned by one evaluation on one thread.
 */
final class EvaluationBounds {

    private final long deadline;
    private final int maxDepth;
    private final long maxOutputBytes;
    private int depth;
    /**
     * The first size refusal this evaluation threw. {@code $eval} rethrows whatever its inner
     * evaluation threw as a new {@code D3121} error with neither message nor cause, so the
     * refusal cannot be found in what reaches the caller; it is kept here instead.
     */
    private TooLarge refused;
    /** The time or depth refusal this evaluation threw, kept for the same reason. */
    private JException stopped;

    /** Thrown from a callback when a step's result cannot fit the output. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private EvaluationBounds(long timeoutMillis, int maxDepth, long maxOutputBytes) {
        this.deadline = System.currentTimeMillis() + timeoutMillis;
        this.maxDepth = maxDepth;
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * Puts the bounds on {@code frame}, from now on, and runs {@code beforeFirstStep} when the
     * evaluation takes its first step: after jsonata-java has walked the whole input to check its
     * types, which every evaluation does first. The bounds are returned to ask {@link #refusal}.
     */
    static EvaluationBounds apply(
            Jsonata.Frame frame, long timeoutMillis, int maxDepth, long maxOutputBytes, Runnable beforeFirstStep) {
        EvaluationBounds bounds = new EvaluationBounds(timeoutMillis, maxDepth, maxOutputBytes);
        boolean[] isStarted = {false};
        // Every entry and exit counts. jsonata-java's own bounds skip steps taken while a frame's
        // isParallelCall is set, but the library sets it part-way through an array or object
        // constructor and leaves it set, so the constructor's entry counted and its exit did not:
        // a lambda building an object per item looked like a recursion after 200 items. Java
        // evaluates those "parallel" steps one after the other, so entries and exits pair up.
        frame.setEvaluateEntryCallback((expression, input, environment) -> {
            if (!isStarted[0]) {
                isStarted[0] = true;
                beforeFirstStep.run();
            }
            bounds.depth++;
            bounds.check();
        });
        frame.setEvaluateExitCallback((expression, input, environment, result) -> {
            bounds.depth--;
            bounds.check();
            bounds.checkSize(result);
        });
        BoundedFunctions.bind(frame, bounds);
        return bounds;
    }

    /**
     * The size bound's refusal that ended the evaluation, when {@code failure} is one or wraps one
     * (some built-ins wrap) or when one was thrown during it and lost on the way ({@code $eval}).
     */
    Optional<TooLarge> refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLarge tooLarge) {
                return Optional.of(tooLarge);
            }
        }
        return Optional.ofNullable(refused);
    }

    long maxOutputBytes() {
        return maxOutputBytes;
    }

    /**
     * Refuses a string a built-in is about to build when its JSON (the characters and two quotes)
     * would pass the output bound: what {@code $pad}, {@code $join} and {@code $replace} check
     * before they grow their result.
     */
    void requireString(String function, long length) {
        if (length + 2 > maxOutputBytes) {
            throw refuse("would build with " + function + " a string of at least " + length + " characters, "
                    + (length + 2) + " bytes of JSON");
        }
    }

    /** A size refusal, remembered (see {@link #refused}); the caller throws it. */
    TooLarge refuse(String message) {
        TooLarge tooLarge = new TooLarge(message);
        if (refused == null) {
            refused = tooLarge;
        }
        return tooLarge;
    }

    /** The time or depth refusal thrown during the evaluation, if one was (see {@link #refused}). */
    Optional<JException> stopped() {
        return Optional.ofNullable(stopped);
    }

    private void check() {
        if (depth > maxDepth) {
            throw stop("the evaluation went deeper than " + maxDepth + " levels (a runaway recursion?)");
        }
        if (System.currentTimeMillis() > deadline) {
            throw stop("the evaluation ran out of time (an endless loop?)");
        }
    }

    private JException stop(String message) {
        JException e = new JException(message, -1);
        if (stopped == null) {
            stopped = e;
        }
        return e;
    }

    private void checkSize(Object result) {
        if (result instanceof DataGuardedEvent) {
            // The event itself, as `$` or `$$` give it: not built by the evaluation (the event's own
            // size bounds it), and measuring it would read its data, which an expression such as
            // `$.type` never asks for. What includes it in a result is measured where it is built.
            return;
        }
        long least;
        String what;
        if (result instanceof CharSequence text) {
            least = text.length() + 2L;
            what = "a string of " + text.length() + " characters";
        } else if (result instanceof Collection<?> values) {
            // Each value takes at least a byte and a comma: that alone refuses a long array without
            // reading it. A range ([1..9999999]) is a lazy list whose values are made as they are
            // read; counting them up to a bound of several MiB took about a second.
            least = 1 + 2L * values.size();
            if (least <= maxOutputBytes) {
                // Its values one level down count too: values returned by a lambda's tail call (as
                // $map collects them) never passed an exit callback of their own.
                least = 1;
                for (Object value : values) {
                    least += shallowLeast(value) + 1;
                    if (least > maxOutputBytes) {
                        break;
                    }
                }
            }
            least = Math.max(least, 2);
            what = "an array of " + values.size() + " values";
        } else if (result instanceof Map<?, ?> members) {
            least = 1;
            for (Map.Entry<?, ?> member : members.entrySet()) {
                least += String.valueOf(member.getKey()).length() + 4L + shallowLeast(member.getValue());
                if (least > maxOutputBytes) {
                    break;
                }
            }
            least = Math.max(least, 2);
            what = "an object of " + members.size() + " members";
        } else {
            return;
        }
        if (least > maxOutputBytes) {
            throw refuse("built " + what + ", at least " + least + " bytes of JSON");
        }
    }

    /** The fewest bytes of JSON {@code value} can take, from its own size only. */
    static long shallowLeast(Object value) {
        if (value instanceof CharSequence text) {
            return text.length() + 2L;
        }
        if (value instanceof Collection<?> values) {
            return Math.max(2, 2L * values.size() + 1);
        }
        if (value instanceof Map<?, ?> members) {
            return Math.max(2, 5L * members.size() + 1);
        }
        return 1;
    }
}
