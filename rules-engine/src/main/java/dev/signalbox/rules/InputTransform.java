package dev.signalbox.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.rules.transform.DataUnreadable;
import dev.signalbox.rules.transform.JsonataExpression;
import dev.signalbox.rules.transform.OutputTooDeep;
import dev.signalbox.rules.transform.OutputTooLarge;
import dev.signalbox.rules.transform.Transform;
import dev.signalbox.rules.transform.TransformSpec;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one target of a rule receives instead of the original event: validated once, when the rule
 * is created, and applied per delivery.
 *
 * <p>Immutable and thread-safe; one instance serves every router thread. The forms ({@code
 * transform} of a target, see the module README):
 *
 * <ul>
 *   <li>absent or {@code null}: the original event ({@link #isOriginal()}; routers deliver the
 *       event as it was posted);
 *   <li>{@code {"inputPath": "$.data.order"}}: the selected part of the event's JSON view
 *       (JSON {@code null} when the path selects nothing);
 *   <li>{@code {"input": <any JSON>}}: that constant;
 *   <li>{@code {"inputTransformer": {"inputPathsMap": {"id": "$.data.id"}, "inputTemplate":
 *       "{\"order\": <id>, \"rule\": \"<signalbox.rule-name>\"}"}}}: EventBridge's input
 *       transformer, with the reserved variables {@code <signalbox.rule-name>}, {@code
 *       <signalbox.bus-name>}, {@code <signalbox.event>} (the whole view) and {@code
 *       <signalbox.ingestion-time>};
 *   <li>{@code {"jsonata": "{\"total\": $sum(data.items.price)}"}}: a JSONata expression over the
 *       view, with {@code $ruleName}, {@code $busName} and {@code $ingestionTime} bound.
 * </ul>
 */
public final class InputTransform {
    private static final InputTransform ORIGINAL = new InputTransform(NullNode.getInstance(), new Transform.Original());

    private final JsonNode json;
    private final Transform transform;

    private InputTransform(JsonNode json, Transform transform) {
        this.json = json;
        this.transform = transform;
    }

    /** The original event, untransformed. */
    public static InputTransform original() {
        return ORIGINAL;
    }

    /**
     * Reads a target's {@code transform}; {@code null}, a missing node or JSON null is {@link
     * #original()}. JSON paths, templates and JSONata syntax are checked here, so a broken
     * transform is refused when the rule is created, never at delivery.
     *
     * @throws SignalboxException {@link ErrorType#TRANSFORM_INVALID} with one {@link Violation}
     *     per problem, pointing into the transform object (e.g. {@code /jsonata}, {@code
     *     /inputTransformer/inputPathsMap/id})
     */
    public static InputTransform parse(JsonNode spec) {
        TransformSpec.Result result = TransformSpec.read(spec);
        if (!result.violations().isEmpty()) {
            List<Violation> violations = result.violations();
            Violation first = violations.get(0);
            String where = first.pointer().isEmpty() ? "" : " at " + first.pointer();
            String more = violations.size() == 1 ? "" : " (and " + (violations.size() - 1) + " more)";
            throw new SignalboxException(
                    ErrorType.TRANSFORM_INVALID,
                    "The target transform is invalid" + where + ": " + first.message() + more,
                    violations);
        }
        if (result.transform() instanceof Transform.Original) {
            return ORIGINAL;
        }
        return new InputTransform(spec.deepCopy(), result.transform());
    }

    /** Whether the target receives the original event. */
    public boolean isOriginal() {
        return transform instanceof Transform.Original;
    }

    /**
     * What the target receives for this event.
     *
     * @param eventView the event's JSON view ({@code dev.signalbox.core.EventViews.matchView}); not
     *     changed
     * @throws SignalboxException {@link ErrorType#TRANSFORM_INVALID} when a JSONata expression fails
     *     on this event (a type error, the time or depth bound), or when the output would be larger
     *     than {@link TransformContext#maxOutputBytes()} (found before it is built whole); {@link
     *     ErrorType#EVENT_DATA_TOO_DEEP} when a JSON body would nest past the 1,000 levels JSON is
     *     written to (binary-mode data nests up to that, and a path to {@code $} or a template
     *     holding the event wraps it); the
     *     delivery cannot be made
     */
    public TransformOutput apply(ObjectNode eventView, TransformContext context) {
        return apply(eventView, Optional.empty(), context);
    }

    /**
     * What the target receives for an event whose data claims JSON but could not be read ({@code
     * dev.signalbox.core.EventViews.unreadableData}), so that the view has no {@code data}. A
     * transform that does not read data (a path to an attribute, a constant, a JSONata expression
     * that never looks at {@code data} nor at the whole event) gives what it always gives.
     *
     * @param unreadableData why the data could not be read; empty when it could
     * @throws SignalboxException {@link ErrorType#EVENT_DATA_UNREADABLE} when the transform reads
     *     data: its output would be built without what the producer sent (a JSON {@code null} in
     *     its place); and as {@link #apply(ObjectNode, TransformContext)}
     */
    public TransformOutput apply(ObjectNode eventView, Optional<String> unreadableData, TransformContext context) {
        Objects.requireNonNull(eventView, "eventView");
        Objects.requireNonNull(unreadableData, "unreadableData");
        Objects.requireNonNull(context, "context");
        Transform.Reserved reserved = new Transform.Reserved(
                context.busName(), context.ruleName(), DateTimeFormatter.ISO_INSTANT.format(context.ingestionTime()));
        try {
            Transform.Output output = transform.apply(eventView, unreadableData, reserved, context.maxOutputBytes());
            return new TransformOutput(output.body(), output.contentType());
        } catch (OutputTooLarge e) {
            throw new SignalboxException(
                    ErrorType.TRANSFORM_INVALID,
                    "The transform's output is over the " + context.maxOutputBytes()
                            + " bytes a delivery on this bus may carry (its limits.maxEventBytes): " + e.getMessage()
                            + ".");
        } catch (OutputTooDeep e) {
            throw new SignalboxException(
                    ErrorType.EVENT_DATA_TOO_DEEP,
                    "The transform's output would nest objects and arrays deeper than " + OutputTooDeep.MAX_DEPTH
                            + " levels, the most Signalbox writes in one JSON document: the event's data"
                            + " nests close to that bound and the output wraps it in more levels.");
        } catch (DataUnreadable e) {
            String claimed = eventView.hasNonNull("datacontenttype")
                    ? "datacontenttype " + eventView.get("datacontenttype").asText()
                    : "no datacontenttype, so JSON";
            throw new SignalboxException(
                    ErrorType.EVENT_DATA_UNREADABLE,
                    "The transform reads the event's data, which claims to be JSON (" + claimed
                            + ") but is not readable JSON: " + e.getMessage() + ".");
        } catch (JsonataExpression.Failure e) {
            throw new SignalboxException(
                    ErrorType.TRANSFORM_INVALID, "The JSONata transform failed on this event: " + e.getMessage());
        }
    }

    /** The transform as given ({@code null} JSON for the original event); a copy. */
    public JsonNode json() {
        return json.deepCopy();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InputTransform that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
