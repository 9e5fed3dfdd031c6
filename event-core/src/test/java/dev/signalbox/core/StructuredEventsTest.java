package dev.signalbox.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredEventsTest {
    private static final String HEAD = "\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/s\",\"type\":\"t\"";

    @Test
    void parsesAMinimalEvent() {
        Event event = parse("{" + HEAD + "}");
        assertEquals("e1", event.id());
        assertEquals("/s", event.source());
        assertEquals("t", event.type());
        assertEquals("1.0", event.specVersion());
        assertNull(event.data());
        assertEquals(
                List.of("specversion", "id", "source", "type"),
                List.copyOf(event.attributes().keySet()));
    }

    @Test
    void nonAsciiTextDataRoundTrips() {
        String text = "héllo wörld ✓ 日本語 \uD83D\uDE00 \"quoted\"\n";
        Event event = parse("{" + HEAD + ",\"datacontenttype\":\"text/plain; charset=utf-8\",\"subject\":\"Zürich\","
                + "\"data\":" + quote(text) + "}");
        assertArrayEquals(text.getBytes(UTF_8), event.data());
        assertEquals("Zürich", event.attribute("subject").orElseThrow());
        byte[] written = StructuredEvents.write(event);
        assertTrue(new String(written, UTF_8).contains("\"data\":\"héllo"), new String(written, UTF_8));
        assertEquals(event, StructuredEvents.parse(written));
    }

    @Test
    void extensionsKeepTheirJsonTypes() {
        Event event = parse("{" + HEAD + ",\"tenant\":\"acme\",\"sampled\":true,\"retries\":3,\"neg\":-2147483648}");
        assertEquals("acme", event.attributes().get("tenant"));
        assertEquals(Boolean.TRUE, event.attributes().get("sampled"));
        assertEquals(3, event.attributes().get("retries"));
        assertEquals(Integer.MIN_VALUE, event.attributes().get("neg"));
        assertEquals("3", event.attribute("retries").orElseThrow());
        String written = new String(StructuredEvents.write(event), UTF_8);
        assertTrue(written.contains("\"sampled\":true") && written.contains("\"retries\":3"), written);
        assertEquals(event, StructuredEvents.parse(written.getBytes(UTF_8)));
    }

    @Test
    void jsonDataKeepsItsExactBytes() {
        String data = "{ \"b\" :\t[1.50 ,  2e3,\n\"\\u00e9\\n\"], \"a\":{} ,\"n\": null }";
        Event event = parse("{\n  " + HEAD + ",\n  \"data\" :  " + data + "  ,\n \"datacontenttype\":"
                + "\"application/json; charset=utf-8\"\n}");
        assertArrayEquals(data.getBytes(UTF_8), event.data());
        assertTrue(event.hasJsonData());
        Event again = StructuredEvents.parse(StructuredEvents.write(event));
        assertArrayEquals(data.getBytes(UTF_8), again.data());
        assertEquals(event, again);
    }

    @Test
    void jsonScalarDataIsSlicedToo() {
        assertArrayEquals(
                "\"a\\tb\"".getBytes(UTF_8),
                parse("{" + HEAD + ",\"data\":\"a\\tb\"}").data());
        assertArrayEquals(
                "-12.50e+1".getBytes(UTF_8),
                parse("{" + HEAD + ",\"data\":-12.50e+1}").data());
        assertArrayEquals(
                "-12.50e+1".getBytes(UTF_8),
                parse("{" + HEAD + ",\"data\":-12.50e+1 }").data());
        assertArrayEquals(
                "true".getBytes(UTF_8), parse("{\"data\":true," + HEAD + "}").data());
        assertArrayEquals(
                "[]".getBytes(UTF_8), parse("{" + HEAD + ",\"data\":[]}").data());
        assertNull(parse("{" + HEAD + ",\"data\":null}").data());
    }

    @Test
    void aByteOrderMarkDoesNotShiftTheDataSlice() {
        byte[] body = ("\uFEFF{" + HEAD + ",\"data\": {\"k\" : 1} }").getBytes(UTF_8);
        assertArrayEquals(
                "{\"k\" : 1}".getBytes(UTF_8), StructuredEvents.parse(body).data());
    }

    @Test
    void base64DataIsDecodedAndWrittenBack() {
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};
        String base64 = java.util.Base64.getEncoder().encodeToString(binary);
        Event event = parse(
                "{" + HEAD + ",\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"" + base64 + "\"}");
        assertArrayEquals(binary, event.data());
        assertFalse(event.hasJsonData());
        String written = new String(StructuredEvents.write(event), UTF_8);
        assertTrue(written.contains("\"data_base64\":\"" + base64 + "\""), written);
        assertEquals(event, StructuredEvents.parse(written.getBytes(UTF_8)));
    }

    @Test
    void dataAndDataBase64AreExclusive() {
        SignalboxException e = invalid("{" + HEAD + ",\"data\":{},\"data_base64\":\"AA==\"}");
        assertEquals(List.of("/data_base64"), pointers(e));
    }

    @Test
    void badBase64IsAViolation() {
        assertEquals(List.of("/data_base64"), pointers(invalid("{" + HEAD + ",\"data_base64\":\"not base64!\"}")));
        assertEquals(List.of("/data_base64"), pointers(invalid("{" + HEAD + ",\"data_base64\":[1]}")));
    }

    @Test
    void nonStringDataNeedsAJsonContentType() {
        assertEquals(
                List.of("/data"), pointers(invalid("{" + HEAD + ",\"datacontenttype\":\"text/plain\",\"data\":{}}")));
    }

    @Test
    void malformedJsonSaysWhere() {
        SignalboxException e =
                assertThrows(SignalboxException.class, () -> parse("{\n  \"id\": \"x\",\n  \"source\" \"s\"\n}"));
        assertEquals(ErrorType.EVENT_MALFORMED, e.type());
        assertTrue(e.detail().contains("line 3, column"), e.detail());
    }

    @Test
    void dataPastTheNestingBoundIsRefusedNamingTheBound() {
        // The event's object is the first level, so data may nest 999 more.
        parse("{" + HEAD + ",\"data\":" + "[".repeat(999) + "]".repeat(999) + "}");
        SignalboxException e = assertThrows(
                SignalboxException.class,
                () -> parse("{" + HEAD + ",\"data\":" + "[".repeat(1000) + "]".repeat(1000) + "}"));
        assertEquals(ErrorType.EVENT_MALFORMED, e.type());
        assertTrue(
                e.detail()
                        .endsWith(": objects and arrays nest deeper than 1000 levels, the most Signalbox reads in one"
                                + " JSON document"),
                e.detail());
    }

    @Test
    void onlyObjectsAreEvents() {
        for (String body : List.of("[]", "\"x\"", "", "  ", "{" + HEAD + "} {}", "{" + HEAD + "} x")) {
            SignalboxException e = assertThrows(SignalboxException.class, () -> parse(body), body);
            assertEquals(ErrorType.EVENT_MALFORMED, e.type(), body);
        }
    }

    @Test
    void invalidUtf8InDataIsMalformed() {
        byte[] head = ("{" + HEAD + ",\"data\":{\"k\":\"").getBytes(UTF_8);
        byte[] body = new byte[head.length + 4];
        System.arraycopy(head, 0, body, 0, head.length);
        body[head.length] = (byte) 0xC3;
        body[head.length + 1] = '"';
        body[head.length + 2] = '}';
        body[head.length + 3] = '}';
        SignalboxException e = assertThrows(SignalboxException.class, () -> StructuredEvents.parse(body));
        assertEquals(ErrorType.EVENT_MALFORMED, e.type());
    }

    @Test
    void everyAttributeProblemIsListed() {
        SignalboxException e = invalid("{\"specversion\":\"1.0\",\"id\":{\"a\":1},\"source\":null,\"type\":\"t\","
                + "\"big\":2147483648,\"frac\":1.5,\"list\":[1],\"Bad\":\"x\",\"type\":\"again\"}");
        assertEquals(List.of("/id", "/big", "/frac", "/list", "/type", "/source", "/Bad"), pointers(e));
        assertTrue(e.violations().get(0).message().contains("is an object"));
    }

    @Test
    void nullAttributesAreAbsent() {
        Event event = parse("{" + HEAD + ",\"subject\":null}");
        assertFalse(event.attributes().containsKey("subject"));
    }

    @Test
    void batchEntriesParseFromNodes() throws Exception {
        var node = new ObjectMapper()
                .readTree("{" + HEAD + ",\"n\":7,\"data\":{ \"a\" : [1, 2.5, \"x\"] },\"flag\":false}");
        Event event = StructuredEvents.parse(node);
        assertArrayEquals("{\"a\":[1,2.5,\"x\"]}".getBytes(UTF_8), event.data());
        assertEquals(
                Map.of("n", 7, "flag", false), Map.of("n", event.attributes().get("n"), "flag", false));
        assertEquals(
                ErrorType.EVENT_MALFORMED,
                assertThrows(SignalboxException.class, () -> StructuredEvents.parse(new ObjectMapper().readTree("[1]")))
                        .type());
        SignalboxException e = assertThrows(
                SignalboxException.class,
                () -> StructuredEvents.parse(new ObjectMapper().readTree("{\"id\":\"x\",\"o\":{}}")));
        assertEquals(
                List.of("/o", "/source", "/specversion", "/type"),
                pointers(e).stream().sorted().toList());
    }

    @Test
    void textDataFromNodes() throws Exception {
        var node = new ObjectMapper().readTree("{" + HEAD + ",\"datacontenttype\":\"text/csv\",\"data\":\"a,b\"}");
        assertArrayEquals("a,b".getBytes(UTF_8), StructuredEvents.parse(node).data());
    }

    @Test
    void writeChoosesTheDataForm() {
        Map<String, Object> attributes = TestEvents.required();
        Event json = new Event(attributes, "{\"a\": 1}\n".getBytes(UTF_8));
        assertTrue(written(json).endsWith(",\"data\":{\"a\": 1}}"), written(json));

        Event notJson = new Event(attributes, "hello".getBytes(UTF_8));
        assertTrue(written(notJson).contains("\"data_base64\":\"aGVsbG8=\""), written(notJson));
        assertEquals(notJson, StructuredEvents.parse(StructuredEvents.write(notJson)));

        attributes.put("datacontenttype", "application/xml");
        Event xml = new Event(attributes, "<a>é</a>".getBytes(UTF_8));
        assertTrue(written(xml).contains("\"data\":\"<a>é</a>\""), written(xml));
        assertEquals(xml, StructuredEvents.parse(StructuredEvents.write(xml)));

        attributes.put("datacontenttype", "text/plain");
        Event latin1 = new Event(attributes, new byte[] {(byte) 0xe9});
        assertTrue(written(latin1).contains("\"data_base64\""), written(latin1));
        assertEquals(latin1, StructuredEvents.parse(StructuredEvents.write(latin1)));
    }

    private static String written(Event event) {
        return new String(StructuredEvents.write(event), UTF_8);
    }

    private static Event parse(String json) {
        return StructuredEvents.parse(json.getBytes(UTF_8));
    }

    private static SignalboxException invalid(String json) {
        SignalboxException e = assertThrows(SignalboxException.class, () -> parse(json));
        assertEquals(ErrorType.EVENT_INVALID, e.type(), e::detail);
        return e;
    }

    private static List<String> pointers(SignalboxException e) {
        return e.violations().stream().map(Violation::pointer).toList();
    }

    private static String quote(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
