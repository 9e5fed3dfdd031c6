package dev.signalbox.rules.transform;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSONata expression, evaluated with dashjoin's jsonata-java (a port of the reference
 * implementation, from Maven Central) against the event's JSON view.
 *
 * <p>Immutable, thread-safe. The expression is parsed once at rule creation, so syntax errors are
 * reported then, with their position. Each evaluation parses it again into a fresh {@code
 * Jsonata}: jsonata-java 0.9.x keeps evaluation state on the instance and in a thread-local that
 * another instance built on the same thread overwrites (its issues 90 and 93), so sharing parsed
 * instances between deliveries is not safe; a parse costs microseconds beside a delivery. Each
 * evaluation is bounded in time, depth and the size of the values it builds, so an expression cannot
 * stall the router or fill its memory with a delivery body.
 *
 * @param text the expression as written
 */
public record JsonataExpression(String text) {
    /** How long one evaluation may run, in milliseconds. */
    public static final long TIMEOUT_MILLIS = 500;

    /** How deep one evaluation may recurse. */
    public static final int MAX_DEPTH = 200;

    /** Thrown when the expression does not parse or an evaluation fails; the message says why. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses the expression. */
    public static JsonataExpression parse(String text) throws Failure {
        compile(text);
        return new JsonataExpression(text);
    }

    private static Jsonata compile(String text) throws Failure {
        try {
            return Jsonata.jsonata(text);
        } catch (JException e) {
            throw new Failure(describe(e, "syntax error"));
        } catch (RuntimeException e) {
            throw new Failure("syntax error: " + e.getMessage());
        }
    }

    /**
     * The result for the view (a JSON-shaped Java value: maps, lists, strings, numbers, booleans,
     * or {@code null} when the expression yields nothing). The variables are bound as {@code
     * $name}.
     *
     * @param unreadableData why the event's data, which claims JSON, could not be read (the view
     *     then has no {@code data}); empty when it could, or when it does not claim JSON
     * @param maxBytes the largest output wanted: a step of the evaluation whose value could not fit
     *     in that much JSON ends it ({@link EvaluationBounds})
     * @throws OutputTooLarge when a step built such a value
     * @throws DataUnreadable when {@code unreadableData} is given and the expression looks up {@code
     *     data} or walks the whole event ({@link DataGuardedEvent}): its result would lack what the
     *     producer sent
     */
    public Object evaluate(JsonNode view, Optional<String> unreadableData, Map<String, String> variables, long maxBytes)
            throws Failure, OutputTooLarge, DataUnreadable {
        Jsonata jsonata = compile(text);
        Jsonata.Frame frame = jsonata.createFrame();
        variables.forEach(frame::bind);
        DataGuardedEvent guarded = unreadableData.isPresent() ? guarded(view) : null;
        EvaluationBounds bounds = EvaluationBounds.apply(
                frame, TIMEOUT_MILLIS, MAX_DEPTH, maxBytes, guarded == null ? () -> {} : guarded::arm);
        Object result;
        try {
            result = jsonata.evaluate(guarded != null ? guarded : plain(view), frame);
        } catch (JException e) {
            refuseUnread(guarded, unreadableData);
            // A bound's refusal that $eval rethrew as a bare D3121 is told as itself.
            JException why = bounds.stopped().orElse(e);
            throw tooLargeOr(bounds, e, new Failure(describe(why, "evaluation failed")));
        } catch (RuntimeException e) {
            refuseUnread(guarded, unreadableData);
            // A bound's own refusal, or one some built-ins ($sort's comparator) wrapped: told as
            // itself, not as the wrapper's class names.
            Failure failure = bounds.stopped()
                    .map(why -> new Failure(describe(why, "evaluation failed")))
                    .orElseGet(() -> new Failure("evaluation failed: " + e));
            throw tooLargeOr(bounds, e, failure);
        } catch (StackOverflowError e) {
            throw new Failure("evaluation failed: " + e);
        }
        // Also after a result: a built-in may have caught the refusal and gone on without the data.
        refuseUnread(guarded, unreadableData);
        return result;
    }

    private static void refuseUnread(DataGuardedEvent guarded, Optional<String> unreadableData) throws DataUnreadable {
        if (guarded != null && guarded.isTouched()) {
            throw new DataUnreadable(unreadableData.orElseThrow());
        }
    }

    private static OutputTooLarge tooLargeOr(EvaluationBounds bounds, RuntimeException e, Failure otherwise)
            throws Failure {
        return bounds.refusal(e)
                .map(tooLarge -> new OutputTooLarge("the JSONata evaluation " + tooLarge.getMessage()))
                .orElseThrow(() -> otherwise);
    }

    private static String describe(JException e, String what) {
        String where = e.getLocation() >= 0 ? " at position " + e.getLocation() : "";
        return what + where + ": " + e.getMessage() + " (" + e.getError() + ")";
    }

    // The event as plain values (see below) in a root that notices the data being asked for.
    private static DataGuardedEvent guarded(JsonNode view) {
        DataGuardedEvent event = new DataGuardedEvent();
        view.properties().forEach(e -> event.put(e.getKey(), plain(e.getValue())));
        return event;
    }

    // JSONata works on plain Java values; its numbers are doubles (integers stay longs).
    private static Object plain(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
                return map;
            case ARRAY:
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(plain(element)));
                return list;
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                return node.canConvertToLong() && node.isIntegralNumber()
                        ? (Object) node.longValue()
                        : (Object) node.doubleValue();
            default:
                return null;
        }
    }
}
