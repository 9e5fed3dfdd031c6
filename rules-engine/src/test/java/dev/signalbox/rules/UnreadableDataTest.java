package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An event whose data claims JSON but could not be read has no {@code data} in its view. A
 * transform that reads data would fill it with nothing ({@code null}) as if the producer had sent
 * that, so it is refused with {@link ErrorType#EVENT_DATA_UNREADABLE} naming why the data could not
 * be read; a transform that reads only attributes gives what it always gives.
 */
class UnreadableDataTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TransformContext CONTEXT = new TransformContext("bus", "rule", Instant.EPOCH, 65_536);
    private static final String WHY =
            "objects and arrays nest deeper than 1000 levels, the most Signalbox reads in one JSON document";

    /** The view of such an event: attributes only (EventViews.matchView leaves the data out). */
    private static ObjectNode view() throws Exception {
        return (ObjectNode) MAPPER.readTree("{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"shop\","
                + "\"type\":\"order.created\",\"datacontenttype\":\"application/json\"}");
    }

    private static TransformOutput apply(String spec, Optional<String> unreadable) throws Exception {
        return InputTransform.parse(MAPPER.readTree(spec)).apply(view(), unreadable, CONTEXT);
    }

    private static String body(String spec) throws Exception {
        return new String(apply(spec, Optional.of(WHY)).body(), StandardCharsets.UTF_8);
    }

    @Test
    void transformsThatReadDataAreRefusedNamingWhy() throws Exception {
        List<String> readers = List.of(
                "{\"inputPath\": \"$.data\"}",
                "{\"inputPath\": \"$.data.order.id\"}",
                "{\"inputPath\": \"$\"}",
                "{\"inputPath\": \"$.*\"}",
                "{\"inputTransformer\": {\"inputPathsMap\": {\"id\": \"$.data.id\"}, \"inputTemplate\": \"<id>\"}}",
                "{\"inputTransformer\": {\"inputTemplate\": \"{\\\"e\\\": <signalbox.event>}\"}}",
                "{\"jsonata\": \"data\"}",
                "{\"jsonata\": \"data.order.id\"}",
                "{\"jsonata\": \"{'t': type, 'id': data.id}\"}",
                "{\"jsonata\": \"$exists(data)\"}",
                "{\"jsonata\": \"$\"}",
                "{\"jsonata\": \"$$\"}",
                "{\"jsonata\": \"[$]\"}",
                "{\"jsonata\": \"{'e': $}\"}",
                "{\"jsonata\": \"$spread($)\"}",
                "{\"jsonata\": \"$lookup($$, 'da' & 'ta')\"}",
                "{\"jsonata\": \"$string($)\"}",
                "{\"jsonata\": \"$keys($)\"}",
                "{\"jsonata\": \"**.id\"}",
                "{\"jsonata\": \"*\"}",
                "{\"jsonata\": \"$lookup($, 'data')\"}",
                "{\"jsonata\": \"$eval('data.id')\"}",
                "{\"jsonata\": \"$map(['a'], function($v) { data })\"}");
        for (String spec : readers) {
            SignalboxException e =
                    assertThrows(SignalboxException.class, () -> apply(spec, Optional.of(WHY)), spec + " reads data");
            assertEquals(ErrorType.EVENT_DATA_UNREADABLE, e.type(), spec);
            assertEquals(
                    "The transform reads the event's data, which claims to be JSON (datacontenttype"
                            + " application/json) but is not readable JSON: " + WHY + ".",
                    e.detail(),
                    spec);
        }
    }

    @Test
    void transformsThatReadOnlyAttributesGiveWhatTheyAlwaysGive() throws Exception {
        assertEquals("\"order.created\"", body("{\"inputPath\": \"$.type\"}"));
        assertEquals("{\"k\":1}", body("{\"input\": {\"k\": 1}}"));
        assertEquals(
                "e1 rule",
                body("{\"inputTransformer\": {\"inputPathsMap\": {\"id\": \"$.id\"},"
                        + " \"inputTemplate\": \"<id> <signalbox.rule-name>\"}}"));
        assertEquals("\"ORDER.CREATED\"", body("{\"jsonata\": \"$uppercase(type)\"}"));
        assertEquals(
                "{\"t\":\"order.created\",\"s\":\"shop\",\"r\":\"rule\"}",
                body("{\"jsonata\": \"{'t': type, 's': source, 'r': $ruleName}\"}"));
        assertEquals("\"e1-shop\"", body("{\"jsonata\": \"id & '-' & source\"}"));
        // Through the event itself, without reading its data.
        assertEquals("\"order.created\"", body("{\"jsonata\": \"$.type\"}"));
        assertEquals("\"shop\"", body("{\"jsonata\": \"$$.source\"}"));
        assertEquals("\"order.created\"", body("{\"jsonata\": \"$lookup($, 'type')\"}"));
        assertEquals("{\"t\":\"order.created\"}", body("{\"jsonata\": \"$.{'t': type}\"}"));
        assertEquals("\"order.created\"", body("{\"jsonata\": \"$eval('$.type')\"}"));
    }

    @Test
    void readableDataIsReadAsBefore() throws Exception {
        // No reason given: the view simply has no data (none was sent), and paths select nothing.
        assertEquals(
                "null",
                new String(
                        apply("{\"inputPath\": \"$.data\"}", Optional.empty()).body()));
        assertEquals(
                "false",
                new String(apply("{\"jsonata\": \"$exists(data)\"}", Optional.empty())
                        .body()));
        assertEquals(
                "\"order.created\"",
                new String(apply("{\"jsonata\": \"$.type\"}", Optional.empty()).body()));
    }
}
