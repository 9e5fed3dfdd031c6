package dev.signalbox.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility matrix: each case is an old and a new schema with whether the new one reads
 * data written with the old (backward) and the old one reads data written with the new
 * (forward), as Confluent Schema Registry rules for JSON Schema; every case is checked in every
 * mode, and an incompatible direction must name where (a JSON Pointer into the schema).
 */
class CompatibilityMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One row: names the change, the two schemas, the expected answers, and where a failure points
     * ({@code a|b} when the backward and forward failures point at different places).
     */
    record Case(String name, String older, String newer, boolean isBackward, boolean isForward, String pointer) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String CLOSED = "\"additionalProperties\": false";

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String a = "\"a\": {\"type\": \"string\"}";
        c.add(new Case(
                "identical closed object", obj(a, "[\"a\"]", CLOSED), obj(a, "[\"a\"]", CLOSED), true, true, null));
        c.add(new Case("identical open object", obj(a, "[\"a\"]", null), obj(a, "[\"a\"]", null), true, true, null));
        c.add(new Case(
                "optional property added to a closed model",
                obj(a, "[\"a\"]", CLOSED),
                obj(a + ", \"b\": {\"type\": \"integer\"}", "[\"a\"]", CLOSED),
                true,
                false,
                "/properties/b"));
        c.add(new Case(
                "optional property added to an open model",
                obj(a, "[\"a\"]", null),
                obj(a + ", \"b\": {\"type\": \"integer\"}", "[\"a\"]", null),
                false,
                true,
                "/properties/b"));
        c.add(new Case(
                "required property added to a closed model",
                obj(a, "[\"a\"]", CLOSED),
                obj(a + ", \"b\": {\"type\": \"integer\"}", "[\"a\", \"b\"]", CLOSED),
                false,
                false,
                "/required|/properties/b"));
        c.add(new Case(
                "required property added to an open model",
                obj(a, "[\"a\"]", null),
                obj(a + ", \"b\": {\"type\": \"integer\"}", "[\"a\", \"b\"]", null),
                false,
                true,
                "/required"));
        c.add(new Case(
                "optional property removed from a closed model",
                obj(a + ", \"b\": {\"type\": \"integer\"}", "[\"a\"]", CLOSED),
                obj(a, "[\"a\"]", CLOSED),
                false,
                true,
                "/properties/b"));
        c.add(new Case(
                "optional property removed from an open model",
                obj(a + ", \"b\": {\"type\": \"integer\"}", "[\"a\"]", null),
                obj(a, "[\"a\"]", null),
                true,
                false,
                "/properties/b"));
        c.add(new Case(
                "required property removed from an open model",
                obj(a + ", \"b\": {\"type\": \"integer\"}", "[\"a\", \"b\"]", null),
                obj(a, "[\"a\"]", null),
                true,
                false,
                "/required"));
        c.add(new Case(
                "required property made optional",
                obj(a, "[\"a\"]", CLOSED),
                obj(a, "[]", CLOSED),
                true,
                false,
                "/required"));
        c.add(new Case(
                "optional property made required",
                obj(a, "[]", CLOSED),
                obj(a, "[\"a\"]", CLOSED),
                false,
                true,
                "/required"));
        c.add(new Case(
                "integer widened to number",
                prop("{\"type\": \"integer\"}"),
                prop("{\"type\": \"number\"}"),
                true,
                false,
                "/properties/p/type"));
        c.add(new Case(
                "number narrowed to integer",
                prop("{\"type\": \"number\"}"),
                prop("{\"type\": \"integer\"}"),
                false,
                true,
                "/properties/p/type"));
        c.add(new Case(
                "string changed to integer",
                prop("{\"type\": \"string\"}"),
                prop("{\"type\": \"integer\"}"),
                false,
                false,
                "/properties/p/type"));
        c.add(new Case(
                "null added to a type union",
                prop("{\"type\": \"string\"}"),
                prop("{\"type\": [\"string\", \"null\"]}"),
                true,
                false,
                "/properties/p/type"));
        c.add(new Case(
                "null removed from a type union",
                prop("{\"type\": [\"string\", \"null\"]}"),
                prop("{\"type\": \"string\"}"),
                false,
                true,
                "/properties/p/type"));
        c.add(new Case(
                "enum extended",
                prop("{\"enum\": [\"a\", \"b\"]}"),
                prop("{\"enum\": [\"a\", \"b\", \"c\"]}"),
                true,
                false,
                "/properties/p/enum"));
        c.add(new Case(
                "enum reduced",
                prop("{\"enum\": [\"a\", \"b\"]}"),
                prop("{\"enum\": [\"a\"]}"),
                false,
                true,
                "/properties/p/enum"));
        c.add(new Case(
                "enum added to a string",
                prop("{\"type\": \"string\"}"),
                prop("{\"type\": \"string\", \"enum\": [\"a\"]}"),
                false,
                true,
                "/properties/p/enum"));
        c.add(new Case(
                "enum removed from a string",
                prop("{\"type\": \"string\", \"enum\": [\"a\"]}"),
                prop("{\"type\": \"string\"}"),
                true,
                false,
                "/properties/p/enum"));
        c.add(new Case(
                "const changed", prop("{\"const\": 1}"), prop("{\"const\": 2}"), false, false, "/properties/p/const"));
        c.add(new Case(
                "content model closed",
                obj(a, "[\"a\"]", null),
                obj(a, "[\"a\"]", CLOSED),
                false,
                true,
                "/additionalProperties"));
        c.add(new Case(
                "content model opened",
                obj(a, "[\"a\"]", CLOSED),
                obj(a, "[\"a\"]", null),
                true,
                false,
                "/additionalProperties"));
        c.add(new Case(
                "additionalProperties schema narrowed",
                obj(a, "[]", "\"additionalProperties\": {\"type\": \"number\"}"),
                obj(a, "[]", "\"additionalProperties\": {\"type\": \"integer\"}"),
                false,
                true,
                "/additionalProperties/type"));
        c.add(new Case(
                "additionalProperties schema widened",
                obj(a, "[]", "\"additionalProperties\": {\"type\": \"integer\"}"),
                obj(a, "[]", "\"additionalProperties\": {\"type\": \"number\"}"),
                true,
                false,
                "/additionalProperties/type"));
        c.add(new Case(
                "property added, covered by a partially open model",
                obj(a, "[]", "\"additionalProperties\": {\"type\": \"string\"}"),
                obj(a + ", \"b\": {\"type\": \"string\"}", "[]", "\"additionalProperties\": {\"type\": \"string\"}"),
                true,
                true,
                null));
        c.add(new Case(
                "property added, not covered by a partially open model",
                obj(a, "[]", "\"additionalProperties\": {\"type\": \"string\"}"),
                obj(a + ", \"b\": {\"type\": \"integer\"}", "[]", "\"additionalProperties\": {\"type\": \"string\"}"),
                false,
                false,
                "/properties/b/type"));
        c.add(new Case(
                "nested property type widened",
                prop(nested("{\"type\": \"integer\"}", CLOSED)),
                prop(nested("{\"type\": \"number\"}", CLOSED)),
                true,
                false,
                "/properties/p/properties/x/type"));
        c.add(new Case(
                "nested optional property added to a closed model",
                prop(nested("{\"type\": \"integer\"}", CLOSED)),
                prop(
                        "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"integer\"}, \"y\": {\"type\": \"string\"}}, "
                                + CLOSED + "}"),
                true,
                false,
                "/properties/p/properties/y"));
        c.add(new Case(
                "nested optional property added to an open model",
                prop(nested("{\"type\": \"integer\"}", null)),
                prop(
                        "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"integer\"}, \"y\": {\"type\": \"string\"}}}"),
                false,
                true,
                "/properties/p/properties/y"));
        c.add(new Case(
                "nested object replaced by a string",
                prop(nested("{\"type\": \"integer\"}", null)),
                prop("{\"type\": \"string\"}"),
                false,
                false,
                "/properties/p/type"));
        c.add(new Case(
                "array items widened",
                prop(array("{\"type\": \"integer\"}", "")),
                prop(array("{\"type\": \"number\"}", "")),
                true,
                false,
                "/properties/p/items/type"));
        c.add(new Case(
                "array items narrowed",
                prop(array("{\"type\": \"number\"}", "")),
                prop(array("{\"type\": \"integer\"}", "")),
                false,
                true,
                "/properties/p/items/type"));
        c.add(new Case(
                "array items changed",
                prop(array("{\"type\": \"string\"}", "")),
                prop(array("{\"type\": \"integer\"}", "")),
                false,
                false,
                "/properties/p/items/type"));
        c.add(new Case(
                "array of objects: item property added to an open model",
                prop(array(nested("{\"type\": \"integer\"}", null).replace("\"x\"", "\"id\""), "")),
                prop(array(
                        "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}, \"y\": {\"type\": \"string\"}}}",
                        "")),
                false,
                true,
                "/properties/p/items/properties/y"));
        c.add(new Case(
                "minItems added",
                prop(array("{\"type\": \"string\"}", "")),
                prop(array("{\"type\": \"string\"}", ", \"minItems\": 1")),
                false,
                true,
                "/properties/p/minItems"));
        c.add(new Case(
                "uniqueItems added",
                prop(array("{\"type\": \"string\"}", "")),
                prop(array("{\"type\": \"string\"}", ", \"uniqueItems\": true")),
                false,
                true,
                "/properties/p/uniqueItems"));
        c.add(new Case(
                "array made a string",
                prop(array("{\"type\": \"string\"}", "")),
                prop("{\"type\": \"string\"}"),
                false,
                false,
                "/properties/p/type"));
        c.add(new Case(
                "maxLength raised",
                prop("{\"type\": \"string\", \"maxLength\": 5}"),
                prop("{\"type\": \"string\", \"maxLength\": 10}"),
                true,
                false,
                "/properties/p/maxLength"));
        c.add(new Case(
                "maxLength lowered",
                prop("{\"type\": \"string\", \"maxLength\": 10}"),
                prop("{\"type\": \"string\", \"maxLength\": 5}"),
                false,
                true,
                "/properties/p/maxLength"));
        c.add(new Case(
                "minimum raised",
                prop("{\"type\": \"integer\", \"minimum\": 0}"),
                prop("{\"type\": \"integer\", \"minimum\": 1}"),
                false,
                true,
                "/properties/p/minimum"));
        c.add(new Case(
                "minimum removed",
                prop("{\"type\": \"integer\", \"minimum\": 0}"),
                prop("{\"type\": \"integer\"}"),
                true,
                false,
                "/properties/p/minimum"));
        c.add(new Case(
                "pattern added",
                prop("{\"type\": \"string\"}"),
                prop("{\"type\": \"string\", \"pattern\": \"^[a-z]+$\"}"),
                false,
                true,
                "/properties/p/pattern"));
        c.add(new Case(
                "format added",
                prop("{\"type\": \"string\"}"),
                prop("{\"type\": \"string\", \"format\": \"uuid\"}"),
                false,
                true,
                "/properties/p/format"));
        c.add(new Case(
                "description changed",
                prop("{\"type\": \"string\", \"description\": \"old\"}"),
                prop("{\"type\": \"string\", \"description\": \"new\"}"),
                true,
                true,
                null));
        c.add(new Case(
                "default changed",
                prop("{\"type\": \"string\", \"default\": \"x\"}"),
                prop("{\"type\": \"string\", \"default\": \"y\"}"),
                true,
                true,
                null));
        c.add(new Case(
                "required property with a default added to a closed model",
                obj(a, "[\"a\"]", CLOSED),
                obj(a + ", \"b\": {\"type\": \"integer\", \"default\": 0}", "[\"a\", \"b\"]", CLOSED),
                true,
                false,
                "/properties/b"));
        c.add(new Case(
                "anyOf branch added",
                prop("{\"anyOf\": [{\"type\": \"string\"}]}"),
                prop("{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}"),
                true,
                false,
                "/properties/p/anyOf"));
        c.add(new Case(
                "type in a $defs definition widened",
                "{\"$defs\": {\"n\": {\"type\": \"integer\"}}, \"type\": \"object\", \"properties\": {\"p\": {\"$ref\": \"#/$defs/n\"}}}",
                "{\"$defs\": {\"n\": {\"type\": \"number\"}}, \"type\": \"object\", \"properties\": {\"p\": {\"$ref\": \"#/$defs/n\"}}}",
                true,
                false,
                "/properties/p/type"));
        c.add(new Case("anything narrowed to an object", "true", obj(a, "[]", null), false, true, ""));
        c.add(new Case(
                "draft-07 schema identical to its 2020-12 twin",
                "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\", \"properties\": {\"p\": {\"type\": \"string\"}}}",
                "{\"type\": \"object\", \"properties\": {\"p\": {\"type\": \"string\"}}}",
                true,
                true,
                null));
        return c;
    }

    static Stream<Arguments> everyCaseInEveryMode() {
        return cases().stream().flatMap(c -> Stream.of(Compatibility.values()).map(m -> Arguments.of(c, m)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("everyCaseInEveryMode")
    void decidesAsConfluentDoes(Case c, Compatibility mode) {
        JsonNode older = json(c.older());
        JsonNode newer = json(c.newer());
        assertTrue(JsonSchemas.problems(older).isEmpty(), "old schema valid: " + JsonSchemas.problems(older));
        assertTrue(JsonSchemas.problems(newer).isEmpty(), "new schema valid: " + JsonSchemas.problems(newer));
        List<SchemaVersion> earlier = List.of(new SchemaVersion("r", "s", 1, older, Instant.EPOCH));
        List<Incompatibility> problems = CompatibilityChecker.check(mode, newer, earlier);
        boolean expected = (!mode.isBackward() || c.isBackward()) && (!mode.isForward() || c.isForward());
        assertEquals(expected, problems.isEmpty(), c + " under " + mode + ": " + problems);
        if (!expected) {
            assertTrue(
                    problems.stream()
                            .anyMatch(p -> List.of(c.pointer().split("\\|")).contains(p.pointer())),
                    "a problem at " + c.pointer() + " in " + problems);
            assertTrue(problems.stream().allMatch(p -> p.version() == 1), problems.toString());
        }
    }

    @org.junit.jupiter.api.Test
    void hasAtLeastFortyCases() {
        assertTrue(cases().size() >= 40, "cases: " + cases().size());
    }

    static String obj(String properties, String required, String extra) {
        return "{\"type\": \"object\", \"properties\": {" + properties + "}, \"required\": " + required
                + (extra == null ? "" : ", " + extra) + "}";
    }

    static String prop(String schema) {
        return "{\"type\": \"object\", \"properties\": {\"p\": " + schema + "}}";
    }

    static String nested(String x, String extra) {
        return "{\"type\": \"object\", \"properties\": {\"x\": " + x + "}" + (extra == null ? "" : ", " + extra) + "}";
    }

    static String array(String items, String extra) {
        return "{\"type\": \"array\", \"items\": " + items + extra + "}";
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(text, e);
        }
    }
}
