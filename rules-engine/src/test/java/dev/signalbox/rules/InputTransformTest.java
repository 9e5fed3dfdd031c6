package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputTransformTest {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final TransformContext CONTEXT =
            new TransformContext("orders-bus", "big-orders", Instant.parse("2025-03-01T10:00:00.123Z"), 262_144);
    private static final String EVENT =
            "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"shop\",\"type\":\"order.created\","
                    + "\"data\":{\"id\":\"o-1\",\"amount\":12.50,\"note\":\"say \\\"hi\\\"\\nback\\\\slash\","
                    + "\"items\":[{\"sku\":\"A\",\"price\":1.5},{\"sku\":\"B\",\"price\":2}],\"customer\":{\"tier\":\"gold\"},"
                    + "\"a.b\":\"dotted\"}}";

    private static ObjectNode view() throws Exception {
        return (ObjectNode) MAPPER.readTree(EVENT);
    }

    private static TransformOutput apply(String spec) throws Exception {
        return InputTransform.parse(MAPPER.readTree(spec)).apply(view(), CONTEXT);
    }

    private static String body(TransformOutput output) {
        return new String(output.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(TransformOutput output) throws Exception {
        assertEquals("application/json", output.contentType());
        return MAPPER.readTree(output.body());
    }

    @Test
    void noTransformIsTheOriginalEvent() throws Exception {
        assertTrue(InputTransform.parse(null).isOriginal());
        assertTrue(InputTransform.parse(MAPPER.readTree("null")).isOriginal());
        assertTrue(InputTransform.original().isOriginal());
        assertEquals(view(), json(InputTransform.original().apply(view(), CONTEXT)));
        assertFalse(InputTransform.parse(MAPPER.readTree("{\"input\": 1}")).isOriginal());
    }

    @Test
    void inputPathSelectsPartOfTheEvent() throws Exception {
        assertEquals(MAPPER.readTree("{\"tier\":\"gold\"}"), json(apply("{\"inputPath\": \"$.data.customer\"}")));
        assertEquals(MAPPER.readTree("\"B\""), json(apply("{\"inputPath\": \"$.data.items[1].sku\"}")));
        assertEquals(MAPPER.readTree("[1.5,2]"), json(apply("{\"inputPath\": \"$.data.items[*].price\"}")));
        assertEquals(MAPPER.readTree("\"dotted\""), json(apply("{\"inputPath\": \"$.data['a.b']\"}")));
        assertEquals(view(), json(apply("{\"inputPath\": \"$\"}")));
    }

    @Test
    void aMissingInputPathGivesNull() throws Exception {
        assertEquals("null", body(apply("{\"inputPath\": \"$.data.nothing.here\"}")));
        assertEquals("null", body(apply("{\"inputPath\": \"$.data.items[7]\"}")));
        assertEquals("null", body(apply("{\"inputPath\": \"$.data.id[0]\"}")));
        assertEquals("[]", body(apply("{\"inputPath\": \"$.data.nothing[*]\"}")));
    }

    @Test
    void aConstantIsDeliveredAsGiven() throws Exception {
        assertEquals(
                MAPPER.readTree("{\"hello\":[1,2,{\"x\":null}]}"),
                json(apply("{\"input\": {\"hello\": [1, 2, {\"x\": null}]}}")));
        assertEquals("\"just text\"", body(apply("{\"input\": \"just text\"}")));
    }

    @Test
    void aJsonTemplateQuotesStringsAndKeepsStructures() throws Exception {
        String spec =
                "{\"inputTransformer\": {\"inputPathsMap\": {\"id\": \"$.data.id\", \"amount\": \"$.data.amount\","
                        + " \"items\": \"$.data.items\", \"customer\": \"$.data.customer\"},"
                        + " \"inputTemplate\": \"{\\\"order\\\": <id>, \\\"total\\\": <amount>, \\\"lines\\\": <items>,"
                        + " \\\"who\\\": <customer>, \\\"text\\\": \\\"order <id> of <amount>\\\"}\"}}";
        JsonNode out = json(apply(spec));
        assertEquals("o-1", out.get("order").textValue());
        assertEquals(12.5, out.get("total").doubleValue());
        assertEquals(2, out.get("lines").size());
        assertEquals("gold", out.get("who").get("tier").textValue());
        assertEquals("order o-1 of 12.5", out.get("text").textValue());
    }

    @Test
    void stringsThatNeedEscapingStayValidJson() throws Exception {
        String spec =
                "{\"inputTransformer\": {\"inputPathsMap\": {\"note\": \"$.data.note\", \"customer\": \"$.data.customer\"},"
                        + " \"inputTemplate\": \"{\\\"quoted\\\": \\\"note: <note>\\\", \\\"bare\\\": <note>,"
                        + " \\\"object in a string\\\": \\\"<customer>\\\"}\"}}";
        JsonNode out = json(apply(spec));
        assertEquals("note: say \"hi\"\nback\\slash", out.get("quoted").textValue());
        assertEquals("say \"hi\"\nback\\slash", out.get("bare").textValue());
        assertEquals("{\"tier\":\"gold\"}", out.get("object in a string").textValue());
    }

    @Test
    void aJsonStringTemplate() throws Exception {
        String spec = "{\"inputTransformer\": {\"inputPathsMap\": {\"id\": \"$.data.id\"},"
                + " \"inputTemplate\": \"\\\"Order <id> is \\\\\\\"new\\\\\\\"\\\"\"}}";
        assertEquals("Order o-1 is \"new\"", json(apply(spec)).textValue());
    }

    @Test
    void aTextTemplateIsPlainText() throws Exception {
        String spec = "{\"inputTransformer\": {\"inputPathsMap\": {\"id\": \"$.data.id\", \"gone\": \"$.data.gone\","
                + " \"customer\": \"$.data.customer\"}, \"inputTemplate\": \"Order <id> (<gone>) for <customer> [a < b]\"}}";
        TransformOutput out = apply(spec);
        assertEquals("text/plain; charset=utf-8", out.contentType());
        assertEquals("Order o-1 () for {\"tier\":\"gold\"} [a < b]", body(out));
    }

    @Test
    void missingPathsAreNullOutsideQuotesAndEmptyInside() throws Exception {
        String spec = "{\"inputTransformer\": {\"inputPathsMap\": {\"gone\": \"$.data.gone\"},"
                + " \"inputTemplate\": \"{\\\"value\\\": <gone>, \\\"text\\\": \\\"[<gone>]\\\"}\"}}";
        assertEquals(MAPPER.readTree("{\"value\": null, \"text\": \"[]\"}"), json(apply(spec)));
    }

    @Test
    void reservedVariables() throws Exception {
        String spec = "{\"inputTransformer\": {\"inputTemplate\": \"{\\\"rule\\\": <signalbox.rule-name>,"
                + " \\\"bus\\\": \\\"<signalbox.bus-name>\\\", \\\"at\\\": <signalbox.ingestion-time>,"
                + " \\\"event\\\": <signalbox.event>}\"}}";
        JsonNode out = json(apply(spec));
        assertEquals("big-orders", out.get("rule").textValue());
        assertEquals("orders-bus", out.get("bus").textValue());
        assertEquals("2025-03-01T10:00:00.123Z", out.get("at").textValue());
        assertEquals(view(), out.get("event"));
    }

    @Test
    void jsonata() throws Exception {
        JsonNode out = json(
                apply(
                        "{\"jsonata\": \"{\\\"total\\\": $sum(data.items.price), \\\"skus\\\": data.items.sku,"
                                + " \\\"rule\\\": $ruleName, \\\"bus\\\": $busName, \\\"at\\\": $ingestionTime, \\\"tier\\\": $uppercase(data.customer.tier)}\"}"));
        assertEquals(3.5, out.get("total").doubleValue());
        assertEquals(MAPPER.readTree("[\"A\",\"B\"]"), out.get("skus"));
        assertEquals("big-orders", out.get("rule").textValue());
        assertEquals("orders-bus", out.get("bus").textValue());
        assertEquals("2025-03-01T10:00:00.123Z", out.get("at").textValue());
        assertEquals("GOLD", out.get("tier").textValue());
        assertEquals("null", body(apply("{\"jsonata\": \"data.nothing\"}")));
    }

    @Test
    void jsonataSyntaxErrorsAreReportedAtCreationWithTheirPosition() {
        SignalboxException e = assertThrows(
                SignalboxException.class,
                () -> InputTransform.parse(MAPPER.readTree("{\"jsonata\": \"data.items[price >\"}")));
        assertEquals(ErrorType.TRANSFORM_INVALID, e.type());
        assertEquals("/jsonata", e.violations().get(0).pointer());
        assertTrue(
                e.violations().get(0).message().contains("position"),
                e.violations().get(0).message());
    }

    @Test
    void jsonataRuntimeErrorsFailTheDelivery() {
        SignalboxException e =
                assertThrows(SignalboxException.class, () -> apply("{\"jsonata\": \"data.customer.tier + 1\"}"));
        assertEquals(ErrorType.TRANSFORM_INVALID, e.type());
        assertTrue(e.detail().contains("T2001"), e.detail());
    }

    @Test
    void jsonataCannotRunForever() {
        SignalboxException e = assertThrows(
                SignalboxException.class, () -> apply("{\"jsonata\": \"($f := function($n) { $f($n + 1) }; $f(0))\"}"));
        assertEquals(ErrorType.TRANSFORM_INVALID, e.type());
    }

    /** Binary-mode data may nest the full 1,000 levels a JSON document may; a result wrapping it nests more. */
    @Test
    void aJsonataResultNestingPastTheWritersBoundSaysSo() throws Exception {
        ObjectNode view = view();
        ObjectNode deep = MAPPER.createObjectNode();
        for (int level = 1; level < 1000; level++) {
            ObjectNode outer = MAPPER.createObjectNode();
            outer.set("c", deep);
            deep = outer;
        }
        view.set("data", deep);
        // The data itself, as deep as it came, is written.
        assertTrue(InputTransform.parse(MAPPER.readTree("{\"jsonata\": \"data\"}"))
                        .apply(view, CONTEXT)
                        .body()
                        .length
                > 2000);
        SignalboxException e = assertThrows(
                SignalboxException.class, () -> InputTransform.parse(MAPPER.readTree("{\"jsonata\": \"{'d': data}\"}"))
                        .apply(view, CONTEXT));
        assertEquals(
                "The JSONata transform failed on this event: the result would nest objects and arrays deeper than 1000"
                        + " levels, the most Signalbox writes in one JSON document (the event's data nests close to that"
                        + " bound and the result wraps it in more levels)",
                e.detail());
    }

    @Test
    void aLambdaBuildingAnObjectPerItemIsNotTakenForARecursion() throws Exception {
        // The depth bound (200 levels) once counted each such call's object and never its end.
        JsonNode out = json(
                apply("{\"jsonata\": \"$map([1..1000], function($i) { {\\\"n\\\": $i, \\\"pair\\\": [$i, $i]} })\"}"));
        assertEquals(1000, out.size());
        assertEquals(1000, out.get(999).get("n").intValue());
        assertEquals(1000, out.get(999).get("pair").get(1).intValue());
        SignalboxException deep = assertThrows(
                SignalboxException.class,
                () -> apply("{\"jsonata\": \"($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000))\"}"));
        assertTrue(deep.detail().contains("deeper than"), deep.detail());
        // The same bound met inside $eval, which rethrows it as a bare D3121, is told as itself.
        SignalboxException deepInEval = assertThrows(
                SignalboxException.class,
                () -> apply("{\"jsonata\": \"$eval(\\\"($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) };"
                        + " $f(1000))\\\")\"}"));
        assertTrue(deepInEval.detail().contains("deeper than"), deepInEval.detail());
        // And inside $sort's comparator, which wraps it in a RuntimeException: no class names.
        SignalboxException deepInSort = assertThrows(
                SignalboxException.class,
                () -> apply("{\"jsonata\": \"($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) };"
                        + " $sort([2, 1], function($a, $b) { $f(1000) > 0 }))\"}"));
        assertTrue(deepInSort.detail().contains("deeper than"), deepInSort.detail());
        assertFalse(deepInSort.detail().contains("java.lang"), deepInSort.detail());
        assertEquals(
                "20", body(apply("{\"jsonata\": \"($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(20))\"}")));
    }

    @Test
    void jsonataIsSafeToShareBetweenThreadsAndTransforms() throws Exception {
        InputTransform a = InputTransform.parse(MAPPER.readTree("{\"jsonata\": \"data.id & '-' & $ruleName\"}"));
        InputTransform b = InputTransform.parse(MAPPER.readTree("{\"jsonata\": \"$count(data.items)\"}"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                results.add(pool.submit(() -> body(a.apply(view(), CONTEXT)).equals("\"o-1-big-orders\"")
                        && body(b.apply(view(), CONTEXT)).equals("2")));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "5                                                             | ''",
                "{}                                                            | ''",
                "{\"nope\": 1}                                                 | /nope",
                "{\"input\": 1, \"jsonata\": \"x\"}                            | /jsonata",
                "{\"inputPath\": 5}                                            | /inputPath",
                "{\"inputPath\": \"data.x\"}                                   | /inputPath",
                "{\"inputPath\": \"$.data[x]\"}                                | /inputPath",
                "{\"inputPath\": \"$.data..x\"}                                | /inputPath",
                "{\"inputPath\": \"$.data[1\"}                                 | /inputPath",
                "{\"jsonata\": 5}                                              | /jsonata",
                "{\"jsonata\": \"$sum(\"}                                      | /jsonata",
                "{\"inputTransformer\": 5}                                     | /inputTransformer",
                "{\"inputTransformer\": {}}                                    | /inputTransformer/inputTemplate",
                "{\"inputTransformer\": {\"inputTemplate\": \"\"}}             | /inputTransformer/inputTemplate",
                "{\"inputTransformer\": {\"inputTemplate\": \"x\", \"extra\": 1}} | /inputTransformer/extra",
                "{\"inputTransformer\": {\"inputTemplate\": \"x\", \"inputPathsMap\": []}} | /inputTransformer/inputPathsMap",
                "{\"inputTransformer\": {\"inputTemplate\": \"x\", \"inputPathsMap\": {\"a.b\": \"$.x\"}}} | /inputTransformer/inputPathsMap/a.b",
                "{\"inputTransformer\": {\"inputTemplate\": \"x\", \"inputPathsMap\": {\"a\": \"x\"}}} | /inputTransformer/inputPathsMap/a",
                "{\"inputTransformer\": {\"inputTemplate\": \"x\", \"inputPathsMap\": {\"a\": 1}}} | /inputTransformer/inputPathsMap/a"
            })
    void refusesBrokenTransformsNamingWhere(String spec, String pointer) {
        SignalboxException e =
                assertThrows(SignalboxException.class, () -> InputTransform.parse(MAPPER.readTree(spec)));
        assertEquals(ErrorType.TRANSFORM_INVALID, e.type());
        assertEquals(pointer, e.violations().get(0).pointer(), e.violations().toString());
        assertEquals("transform.invalid", e.type().code());
        assertEquals(400, e.type().httpStatus());
    }

    // Fails before the fix: each was accepted and delivered text that is not the JSON it looks like.
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"id\": <id>, \"who\": <nobody>}          | The placeholder <nobody> is not a key of inputPathsMap",
                "Order <id> for <customer>                    | The placeholder <customer> is not a key of inputPathsMap",
                "{\"rule\": \"<aws.events.rule-name>\"}      | The placeholder <aws.events.rule-name> is not a key",
                "{\"id\": <id>,}                              | line 1, column 13: Unexpected character ('}'",
                "{<id>: 1}                                    | line 1, column 2: Unexpected character ('['",
                "{\"id\": <id> <id>}                          | line 1, column 13: Unexpected character ('['",
                "{\"id\": \"<id>\", }                         | line 1, column 16: Unexpected character ('}'"
            })
    void refusesTemplatesThatCanNeverGiveWhatTheySay(String template, String problem) throws Exception {
        ObjectNode spec = MAPPER.createObjectNode();
        ObjectNode transformer = spec.putObject("inputTransformer");
        transformer.putObject("inputPathsMap").put("id", "$.data.id");
        transformer.put("inputTemplate", template);
        SignalboxException e = assertThrows(SignalboxException.class, () -> InputTransform.parse(spec));
        assertEquals(ErrorType.TRANSFORM_INVALID, e.type());
        assertEquals("/inputTransformer/inputTemplate", e.violations().get(0).pointer());
        assertTrue(
                e.violations().get(0).message().contains(problem),
                e.violations().toString());
    }

    @Test
    void aTemplateInBracketsOrQuotesIsStillText() throws Exception {
        // Only a template in curly braces is taken for a JSON object, as EventBridge does.
        String spec = "{\"inputTransformer\": {\"inputPathsMap\": {\"id\": \"$.data.id\"},"
                + " \"inputTemplate\": \"[INFO] order <id> created\"}}";
        assertEquals("[INFO] order o-1 created", body(apply(spec)));
    }

    @Test
    void reportsEveryBrokenPath() {
        SignalboxException e = assertThrows(
                SignalboxException.class,
                () -> InputTransform.parse(
                        MAPPER.readTree(
                                "{\"inputTransformer\": {\"inputTemplate\": \"<a>\", \"inputPathsMap\": {\"a\": \"x\", \"b\": \"$[\"}}}")));
        assertEquals(
                List.of("/inputTransformer/inputPathsMap/a", "/inputTransformer/inputPathsMap/b"),
                e.violations().stream().map(Violation::pointer).toList());
    }

    @Test
    void tooManyVariablesAreRefused() {
        StringBuilder map = new StringBuilder("{");
        for (int i = 0; i < 101; i++) {
            map.append(i == 0 ? "" : ",").append("\"v").append(i).append("\": \"$.x\"");
        }
        String spec = "{\"inputTransformer\": {\"inputTemplate\": \"x\", \"inputPathsMap\": " + map + "}}}";
        assertThrows(SignalboxException.class, () -> InputTransform.parse(MAPPER.readTree(spec)));
    }

    @Test
    void keepsItsJsonAndCompares() throws Exception {
        JsonNode spec = MAPPER.readTree("{\"inputPath\": \"$.data\"}");
        InputTransform transform = InputTransform.parse(spec);
        assertEquals(spec, transform.json());
        assertEquals(InputTransform.parse(spec.deepCopy()), transform);
        assertTrue(InputTransform.original().json().isNull());
    }
}
