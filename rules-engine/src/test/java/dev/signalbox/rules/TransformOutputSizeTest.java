package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A transform's output is held to the delivery's bound ({@link TransformContext#maxOutputBytes()}),
 * and is refused before it is built whole: a JSONata evaluation stops at the first step whose value
 * cannot fit, a template stops filling at the first piece that passes the bound, and JSON output
 * stops being written once it passes it.
 */
class TransformOutputSizeTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private static ObjectNode view(String data) throws Exception {
        return (ObjectNode) MAPPER.readTree("{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"shop\","
                + "\"type\":\"order.created\",\"data\":" + data + "}");
    }

    private static TransformOutput apply(String spec, ObjectNode view, int maxBytes) throws Exception {
        return InputTransform.parse(MAPPER.readTree(spec))
                .apply(view, new TransformContext("bus", "rule", Instant.EPOCH, maxBytes));
    }

    private static SignalboxException refused(String spec, ObjectNode view, int maxBytes) {
        SignalboxException e = assertThrows(SignalboxException.class, () -> apply(spec, view, maxBytes));
        assertEquals(ErrorType.TRANSFORM_INVALID, e.type());
        assertTrue(e.detail().contains("over the " + maxBytes + " bytes"), e.detail());
        return e;
    }

    @Test
    void aJsonataLoopThatDoublesAStringStopsNearTheBound() throws Exception {
        // 24 doublings of 3 characters would be a 50 MB body.
        String spec = "{\"jsonata\": \"$reduce([1..24], function($a, $i) { $a & $a }, 'abc')\"}";
        SignalboxException e = refused(spec, view("{}"), 262_144);
        Matcher built = Pattern.compile("a string of (\\d+) characters").matcher(e.detail());
        assertTrue(built.find(), e.detail());
        long length = Long.parseLong(built.group(1));
        assertTrue(length > 262_144 && length <= 2 * 262_144, "stopped at the first step past the bound: " + length);
    }

    @Test
    void anOutputOfExactlyTheBoundPasses() throws Exception {
        // $pad gives 998 spaces: 1,000 bytes of JSON with the quotes.
        TransformOutput out = apply("{\"jsonata\": \"$pad('', 998)\"}", view("{}"), 1000);
        assertEquals(1000, out.body().length);
        refused("{\"jsonata\": \"$pad('', 999)\"}", view("{}"), 1000);
    }

    @Test
    void padAndJoinAreRefusedBeforeTheyBuildTheirString() throws Exception {
        // One literal, 100 MB: refused from the arguments, before $pad allocates anything.
        SignalboxException pad = refused("{\"jsonata\": \"$pad('', 100000000)\"}", view("{}"), 262_144);
        assertTrue(pad.detail().contains("with $pad a string of at least 100000000 characters"), pad.detail());
        SignalboxException join =
                refused("{\"jsonata\": \"$join(['a', 'b', 'c'], $pad('', 200000))\"}", view("{}"), 262_144);
        assertTrue(join.detail().contains("with $join a string of at least"), join.detail());
        assertEquals(
                "\"a-b\"",
                new String(apply("{\"jsonata\": \"$join(['a', 'b'], '-')\"}", view("{}"), 100)
                        .body()));
        assertEquals(
                "\"a\"",
                new String(
                        apply("{\"jsonata\": \"$join('a')\"}", view("{}"), 100).body()));
        assertEquals(
                "\"#ab\"",
                new String(apply("{\"jsonata\": \"$pad('ab', -3, '#')\"}", view("{}"), 100)
                        .body()));
    }

    @Test
    void valuesALambdaReturnsByATailCallAreCountedWhileTheyAreCollected() throws Exception {
        // $pad in a lambda's tail is run as a thunk that no exit callback sees; $map counts the
        // results as it collects them, and stops at the tenth of a hundred.
        SignalboxException e =
                refused("{\"jsonata\": \"$map([1..100], function($v) { $pad('', 1000) })\"}", view("{}"), 10_000);
        assertTrue(e.detail().contains("with $map an array of at least 10 values"), e.detail());
    }

    @Test
    void aRefusalWrappedByABuiltInIsStillAnOutputTooLarge() throws Exception {
        SignalboxException e =
                refused("{\"jsonata\": \"$sort([1, 2], function($l, $r) { $pad('', 5000) > '' })\"}", view("{}"), 1000);
        assertTrue(e.detail().contains("with $pad a string of at least 5000 characters"), e.detail());
    }

    @Test
    void aRefusalInsideEvalIsTheSizeRefusal() throws Exception {
        // $eval rethrows what its inner evaluation threw as a bare D3121 error ("null"), with
        // neither message nor cause: the refusal is told as it was made all the same.
        SignalboxException pad = refused("{\"jsonata\": \"$eval(\\\"$pad('', 5000)\\\")\"}", view("{}"), 1000);
        assertTrue(pad.detail().contains("with $pad a string of at least 5000 characters"), pad.detail());
        SignalboxException loop = refused(
                "{\"jsonata\": \"$eval(\\\"$reduce([1..24], function($a, $i) { $a & $a }, 'abc')\\\")\"}",
                view("{}"),
                65_536);
        assertTrue(loop.detail().contains("built a string of"), loop.detail());
        assertEquals(
                "\"ab\"",
                new String(apply("{\"jsonata\": \"$eval(\\\"$pad('ab', 2)\\\")\"}", view("{}"), 100)
                        .body()));
    }

    @Test
    void manyValuesEachUnderTheBoundAreCaughtWhileWriting() throws Exception {
        // Every step's value fits alone, and so does the array holding them one level down;
        // written out whole, they do not.
        SignalboxException e = refused("{\"jsonata\": \"[1..10].{'v': [$pad('', 100)]}\"}", view("{}"), 1000);
        assertTrue(e.detail().contains("the JSONata result is more than 1000 bytes"), e.detail());
    }

    @Test
    void aWorkingValueLargerThanTheBoundEndsTheEvaluation() throws Exception {
        // The same bound holds for what an expression builds on its way: a range of 2,000 numbers
        // cannot fit 1,000 bytes, whatever is made of it afterwards.
        SignalboxException e = refused("{\"jsonata\": \"$count([1..2000])\"}", view("{}"), 1000);
        assertTrue(e.detail().contains("an array of 2000 values"), e.detail());
        assertEquals(
                "2000",
                new String(apply("{\"jsonata\": \"$count([1..2000])\"}", view("{}"), 65_536)
                        .body()));
        // A range is refused from its length, a byte and a comma per value, before its values are
        // made (jsonata-java's range is a lazy list) or copied into an array with others.
        SignalboxException range = refused("{\"jsonata\": \"$count([0, 1..9999999])\"}", view("{}"), 16_777_216);
        assertTrue(range.detail().contains("an array of 9999999 values, at least 19999999 bytes"), range.detail());
    }

    @Test
    void aTemplateStopsFillingAtTheBound() throws Exception {
        String data = "{\"text\": \"" + "x".repeat(2_000) + "\"}";
        String template = "{\\\"copies\\\": [" + "<signalbox.event>, ".repeat(99) + "<signalbox.event>]}";
        String spec = "{\"inputTransformer\": {\"inputTemplate\": \"" + template + "\"}}";
        SignalboxException e = refused(spec, view(data), 65_536);
        assertTrue(e.detail().contains("the filled template passes 65536 characters at <signalbox.event>"), e.detail());
        assertEquals(
                100,
                MAPPER.readTree(apply(spec, view(data), 1_000_000).body())
                        .get("copies")
                        .size());
    }

    @Test
    void aTemplateIsMeasuredInBytesOfUtf8() throws Exception {
        // 600 characters of two bytes each (a JSON string once filled): under a 1,000 character
        // bound, over 1,000 bytes.
        String spec = "{\"inputTransformer\": {\"inputPathsMap\": {\"t\": \"$.data.t\"}, \"inputTemplate\": \"<t>\"}}";
        SignalboxException e = refused(spec, view("{\"t\": \"" + "é".repeat(600) + "\"}"), 1000);
        assertTrue(e.detail().contains("the filled template is 1202 bytes"), e.detail());
    }

    @Test
    void pathsAndConstantsAreHeldToTheBoundToo() throws Exception {
        refused("{\"inputPath\": \"$\"}", view("{\"t\": \"" + "x".repeat(2_000) + "\"}"), 1000);
        refused("{\"input\": {\"t\": \"" + "x".repeat(2_000) + "\"}}", view("{}"), 1000);
        assertEquals(
                "{\"t\":1}",
                new String(apply("{\"inputPath\": \"$.data\"}", view("{\"t\": 1}"), 7)
                        .body()));
    }
}
