package dev.signalbox.rules.transform;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.Collection;
import java.util.Map;

/**
 * The bounds of one JSONata evaluation: its time, its depth and the size of what it builds.
 *
 * <p>jsonata-java calls a frame's entry and exit callbacks around every step of an evaluation;
 * its own {@code setRuntimeBounds} uses both slots for time and depth, so this class does those
 * checks itself and adds one on every step's result: a string, array or object that is already
 * too large to fit the output (a lower bound of its JSON size: a string of n characters takes at
 * least n + 2 bytes, an array of n values at least 2n + 1, an object of n members at least 5n + 1)
 * ends the evaluation there. So a runaway concatenation ({@code $a & $a} in a loop) stops at about
 * twice the bound instead of at gigabytes. The library gives no hook inside one built-in function:
 * a single call ({@code $pad("", 5e7)}, a range {@code [1..9999999]}) still builds its result
 * before the step ends and is refused right after it. What these checks miss (many values each
 * under the bound) is caught when the result is written out, which stops at the bound.
 *
 * <p>Owned by one evaluation on one thread.
 */
final class EvaluationBounds {

    private final long deadline;
    private final int maxDepth;
    private final long maxOutputBytes;
    private int depth;

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

    /** Puts the bounds on {@code frame}, from now on. */
    static void apply(Jsonata.Frame frame, long timeoutMillis, int maxDepth, long maxOutputBytes) {
        EvaluationBounds bounds = new EvaluationBounds(timeoutMillis, maxDepth, maxOutputBytes);
        frame.setEvaluateEntryCallback((expression, input, environment) -> {
            if (!environment.isParallelCall) {
                bounds.depth++;
                bounds.check();
            }
        });
        frame.setEvaluateExitCallback((expression, input, environment, result) -> {
            if (!environment.isParallelCall) {
                bounds.depth--;
                bounds.check();
            }
            bounds.checkSize(result);
        });
    }

    private void check() {
        if (depth > maxDepth) {
            throw new JException("the evaluation went deeper than " + maxDepth + " levels (a runaway recursion?)", -1);
        }
        if (System.currentTimeMillis() > deadline) {
            throw new JException("the evaluation ran out of time (an endless loop?)", -1);
        }
    }

    private void checkSize(Object result) {
        long least;
        String what;
        if (result instanceof CharSequence text) {
            least = text.length() + 2L;
            what = "a string of " + text.length() + " characters";
        } else if (result instanceof Collection<?> values) {
            least = 2L * values.size() + 1;
            what = "an array of " + values.size() + " values";
        } else if (result instanceof Map<?, ?> members) {
            least = 5L * members.size() + 1;
            what = "an object of " + members.size() + " members";
        } else {
            return;
        }
        if (least > maxOutputBytes) {
            throw new TooLarge("built " + what + ", at least " + least + " bytes of JSON");
        }
    }
}
