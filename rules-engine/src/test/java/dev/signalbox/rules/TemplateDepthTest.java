package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Binary-mode data may nest the full 1,000 levels a JSON document may. A template is filled as
 * text, so no writer's depth bound sees what it wraps around the data: a filled template nesting
 * deeper than 1,000 levels is refused as a path to {@code $} or a JSONata result wrapping the data
 * is, not delivered as JSON a receiver reading with Jackson's defaults cannot parse.
 */
class TemplateDepthTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TransformContext CONTEXT = new TransformContext("bus", "rule", Instant.EPOCH, 1_000_000);
    private static final String TOO_DEEP = "The transform's output would nest objects and arrays deeper than 1000"
            + " levels, the most Signalbox writes in one JSON document: the event's data nests close to that bound"
            + " and the output wraps it in more levels.";

    /** The view of an event whose data nests exactly {@code depth} objects. */
    private static ObjectNode view(int depth) {
        ObjectNode data = MAPPER.createObjectNode();
        for (int level = 1; level < depth; level++) {
            ObjectNode outer = MAPPER.createObjectNode();
            outer.set("c", data);
            data = outer;
        }
        ObjectNode view = MAPPER.createObjectNode().put("specversion", "1.0").put("id", "e1");
        view.set("data", data);
        return view;
    }

    private static TransformOutput apply(String spec, ObjectNode view) throws Exception {
        return InputTransform.parse(MAPPER.readTree(spec)).apply(view, CONTEXT);
    }

    private static void assertTooDeep(String spec, ObjectNode view) {
        SignalboxException e = assertThrows(SignalboxException.class, () -> apply(spec, view), spec);
        assertEquals(ErrorType.EVENT_DATA_TOO_DEEP, e.type(), spec);
        assertEquals(TOO_DEEP, e.detail(), spec);
    }

    @Test
    void aFilledTemplateNestingPastTheBoundIsRefused() throws Exception {
        String event = "{\"inputTransformer\": {\"inputTemplate\": \"{\\\"e\\\": <signalbox.event>}\"}}";
        String whole = "{\"inputTransformer\": {\"inputPathsMap\": {\"all\": \"$\"},"
                + " \"inputTemplate\": \"[1, {\\\"e\\\": <all>}]\"}}";
        String data = "{\"inputTransformer\": {\"inputPathsMap\": {\"d\": \"$.data\"}, \"inputTemplate\": \"[<d>]\"}}";
        // The template's object, the event's, then the data: 998 levels of data fill 1,000.
        JsonNode filled =
                JsonMapper.builder().build().readTree(apply(event, view(998)).body());
        assertEquals(view(998), filled.get("e"));
        assertTooDeep(event, view(999));
        assertTooDeep(event, view(1000));
        // Two levels of template around the event.
        apply(whole, view(997));
        assertTooDeep(whole, view(998));
        // One around the data itself.
        apply(data, view(999));
        assertTooDeep(data, view(1000));
        // Brackets in the template's strings enclose nothing.
        String texts = "{\"inputTransformer\": {\"inputTemplate\":"
                + " \"{\\\"s\\\": \\\"[[{\\\\\\\"[\\\", \\\"e\\\": <signalbox.event>}\"}}";
        assertEquals(
                "[[{\"[",
                MAPPER.readTree(apply(texts, view(998)).body()).get("s").asText());
        assertTooDeep(texts, view(999));
    }

    @Test
    void theEventAsTextIsNotNested() throws Exception {
        // Inside quotes the event is a string, and a template that is not JSON is text.
        String quoted = "{\"inputTransformer\": {\"inputTemplate\": \"{\\\"e\\\": \\\"<signalbox.event>\\\"}\"}}";
        assertEquals("application/json", apply(quoted, view(1000)).contentType());
        String text = "{\"inputTransformer\": {\"inputTemplate\": \"event: <signalbox.event>\"}}";
        assertEquals("text/plain; charset=utf-8", apply(text, view(1000)).contentType());
    }
}
