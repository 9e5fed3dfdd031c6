package dev.signalbox.gateway.router;

import dev.signalbox.core.Event;
import dev.signalbox.rules.TransformOutput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The event a transforming target receives: every attribute and extension of the original, with
 * the transform's output as its data and the output's content type as its {@code
 * datacontenttype}. {@code dataschema} is dropped, since it described the original data and
 * the transform output no longer follows it. Stateless.
 */
final class TransformedEvent {

    private TransformedEvent() {}

    static Event of(Event original, TransformOutput output) {
        Map<String, Object> attributes = new LinkedHashMap<>(original.attributes());
        attributes.remove("dataschema");
        attributes.put("datacontenttype", output.contentType());
        return new Event(attributes, output.body());
    }
}
