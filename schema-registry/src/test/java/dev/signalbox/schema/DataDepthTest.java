package dev.signalbox.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The depth bound on data checked against a schema is exact and says where it was passed. */
class DataDepthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode nested(String open, String close, int levels) throws Exception {
        return JSON.readTree(open.repeat(levels - 1) + (open.startsWith("[") ? "[]" : "{}") + close.repeat(levels - 1));
    }

    @Test
    void countsObjectsAndArraysOnTheDeepestPath() throws Exception {
        assertEquals(Optional.empty(), DataDepth.pointerPast(JSON.readTree("1"), 1));
        assertEquals(Optional.empty(), DataDepth.pointerPast(JSON.readTree("{}"), 1));
        assertEquals(Optional.of("/a"), DataDepth.pointerPast(JSON.readTree("{\"a\": {}}"), 1));
        assertEquals(Optional.empty(), DataDepth.pointerPast(JSON.readTree("{\"a\": [1, {}], \"b\": 2}"), 3));
        assertEquals(
                Optional.of("/a/1/x~1y~0z"),
                DataDepth.pointerPast(JSON.readTree("{\"s\": \"t\", \"a\": [1, {\"x/y~z\": []}]}"), 3));
        assertEquals(
                Optional.of("/b/0"),
                DataDepth.pointerPast(JSON.readTree("{\"a\": [1, \"x\"], \"b\": [[{}]]}"), 2),
                "the first container past the bound in document order");
    }

    @Test
    void bytesGiveTheSamePointerAsTheTree() throws Exception {
        String[][] cases = {
            {"1", "1"},
            {"{}", "1"},
            {"{\"a\": {}}", "1"},
            {"{\"a\": [1, {}], \"b\": 2}", "3"},
            {"{\"s\": \"t\", \"a\": [1, {\"x/y~z\": []}]}", "3"},
            {"{\"a\": [1, \"x\"], \"b\": [[{}]]}", "2"},
            {"[[], [[]], {\"k\": [{}]}]", "3"},
            {"{}", "0"}
        };
        for (String[] c : cases) {
            int max = Integer.parseInt(c[1]);
            assertEquals(
                    DataDepth.pointerPast(JSON.readTree(c[0]), max),
                    DataDepth.pointerPast(c[0].getBytes(StandardCharsets.UTF_8), max),
                    c[0] + " past " + max);
        }
    }

    @Test
    void dataPastTheParsersOwnBoundIsTooDeepNotUnreadable() {
        // 1,001 levels: no tree can be built (the parser's bound is 1,000), the bytes are read
        // only to the 129th.
        byte[] deep = ("{\"c\": ".repeat(1000) + "{}" + "}".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        SignalboxException e = assertThrows(SignalboxException.class, () -> DataDepth.require(deep, "/data"));
        assertEquals(ErrorType.EVENT_DATA_TOO_DEEP, e.type());
        assertEquals("/data" + "/c".repeat(DataDepth.MAX), e.violations().get(0).pointer());
        DataDepth.require("{\"c\": [1, 2]}".getBytes(StandardCharsets.UTF_8), "/data");
        DataDepth.require("{broken".getBytes(StandardCharsets.UTF_8), "/data");
    }

    @Test
    void bytesThatAreNotJsonPastTheBoundAreNotTooDeep() {
        // Not JSON, wherever it stops being JSON: the caller then says "must be JSON data".
        for (String notJson : new String[] {
            "[".repeat(200) + "x",
            "[".repeat(200),
            "{\"a\": " + "[".repeat(150) + "1,,",
            "[".repeat(200) + "]".repeat(200) + " x"
        }) {
            assertEquals(
                    Optional.empty(),
                    DataDepth.pointerPast(notJson.getBytes(StandardCharsets.UTF_8), DataDepth.MAX),
                    notJson.substring(0, 20));
        }
        assertEquals(
                Optional.of("/0".repeat(DataDepth.MAX)),
                DataDepth.pointerPast(
                        ("[".repeat(200) + "]".repeat(200)).getBytes(StandardCharsets.UTF_8), DataDepth.MAX));
        // Past the parser's own bound the rest is not read: too deep whatever follows.
        assertEquals(
                Optional.of("/0".repeat(DataDepth.MAX)),
                DataDepth.pointerPast(("[".repeat(1500) + "x").getBytes(StandardCharsets.UTF_8), DataDepth.MAX));
    }

    @Test
    void theBoundIsExactAtAnyDepth() throws Exception {
        JsonNode atBound = nested("{\"c\": ", "}", DataDepth.MAX);
        DataDepth.require(atBound, "/data");
        SignalboxException e = assertThrows(
                SignalboxException.class, () -> DataDepth.require(nested("{\"c\": ", "}", DataDepth.MAX + 1), "/data"));
        assertEquals(ErrorType.EVENT_DATA_TOO_DEEP, e.type());
        assertEquals("/data" + "/c".repeat(DataDepth.MAX), e.violations().get(0).pointer());
        assertEquals(
                "is an object or array 129 levels deep; data checked against a schema may nest at most 128 levels",
                e.violations().get(0).message());
        SignalboxException arrays =
                assertThrows(SignalboxException.class, () -> DataDepth.require(nested("[", "]", 900), ""));
        assertEquals("/0".repeat(DataDepth.MAX), arrays.violations().get(0).pointer());
    }

    @Test
    void validatingDeepDataRefusesItBeforeTheValidatorRecurses() throws Exception {
        JsonNode schema = JSON.readTree("{\"$defs\": {\"n\": {\"type\": \"object\", \"properties\": {\"c\": {\"$ref\":"
                + " \"#/$defs/n\"}}}}, \"$ref\": \"#/$defs/n\"}");
        JsonSchemas.DataValidator validator = JsonSchemas.compile(schema);
        assertEquals(
                0,
                validator
                        .validate(nested("{\"c\": ", "}", DataDepth.MAX), "/data")
                        .size());
        SignalboxException e =
                assertThrows(SignalboxException.class, () -> validator.validate(nested("{\"c\": ", "}", 900), "/data"));
        assertEquals(ErrorType.EVENT_DATA_TOO_DEEP, e.type());
    }
}
