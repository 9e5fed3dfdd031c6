package dev.signalbox.gateway.router;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventViews;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.rules.InputTransform;
import dev.signalbox.rules.TransformContext;
import dev.signalbox.rules.TransformOutput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event a transforming target receives: every attribute and extension of the original, with
 * the transform's output as its data and the output's content type as its {@code
 * datacontenttype}. {@code dataschema} is dropped, since it described the original data and
 * the transform output no longer follows it. Stateless.
 */
final class TransformedEvent {

    private static final Logger LOG = LoggerFactory.getLogger(TransformedEvent.class);

    private TransformedEvent() {}

    /**
     * The original transformed for one delivery.
     *
     * @throws SignalboxException when the transform fails on this event, its output is over the
     *     bound, or it reads data that claims JSON and cannot be read ({@code
     *     event.data-unreadable}), or its output would nest past the bound JSON is written with
     *     ({@code event.data-too-deep}): the same on every attempt
     */
    static Event of(Event original, InputTransform transform, TransformContext context) {
        ObjectNode view = EventViews.matchView(original);
        // Data that claims JSON but is left out of the view (not JSON, or nested past the
        // parser's bound) must not reach a transform that reads it as if none had been sent.
        Optional<String> unreadable = view.has("data") ? Optional.empty() : EventViews.unreadableData(original);
        TransformOutput output;
        try {
            output = transform.apply(view, unreadable, context);
        } catch (SignalboxException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(e);
        }
        return of(original, output);
    }

    /**
     * Anything else a transform throws, as a refusal of this delivery. Escaping, it would skip the
     * event for every target of the bus (the router cannot hand on a record it failed on). None is
     * known: the transform refuses what it cannot do itself (an output nested past the bound JSON
     * is written to among it).
     */
    private static SignalboxException failed(RuntimeException e) {
        LOG.error("a transform failed unexpectedly; the delivery is rejected", e);
        return new SignalboxException(
                ErrorType.TRANSFORM_INVALID,
                "The transform failed on this event: " + e.getClass().getSimpleName());
    }

    static Event of(Event original, TransformOutput output) {
        Map<String, Object> attributes = new LinkedHashMap<>(original.attributes());
        attributes.remove("dataschema");
        attributes.put("datacontenttype", output.contentType());
        return new Event(attributes, output.body());
    }
}
