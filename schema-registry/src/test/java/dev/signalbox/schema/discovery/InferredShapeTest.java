package dev.signalbox.schema.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.schema.JsonSchemas;
import org.junit.jupiter.api.Test;

/** What discovery infers from samples, and when it says the shape changed. */
class InferredShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void requiredIsWhatEverySampleHad() throws Exception {
        InferredShape shape = new InferredShape();
        assertTrue(shape.merge(json("{\"a\": 1, \"b\": \"x\"}")));
        assertFalse(shape.merge(json("{\"a\": 2, \"b\": \"y\"}")), "same shape, no change");
        assertEquals(
                json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"string\"}},"
                        + "\"required\":[\"a\",\"b\"]}"),
                shape.toSchema());
        assertTrue(shape.merge(json("{\"a\": 3}")), "b stopped being required");
        assertFalse(shape.merge(json("{\"a\": 4}")), "b was already optional");
        assertEquals("[\"a\"]", shape.toSchema().get("required").toString());
        assertTrue(shape.merge(json("{\"a\": 4.5}")), "integer widened to number");
        assertEquals("number", shape.toSchema().at("/properties/a/type").asText());
    }

    @Test
    void formatsHoldOnlyWhileEveryValueHasThem() throws Exception {
        InferredShape shape = new InferredShape();
        shape.merge(json("{\"at\": \"2026-01-01T10:00:00Z\", \"id\": \"3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e41\","
                + " \"mail\": \"a@example.com\", \"home\": \"https://example.com/\", \"name\": \"Ada\"}"));
        JsonNode schema = shape.toSchema();
        assertEquals("date-time", schema.at("/properties/at/format").asText());
        assertEquals("uuid", schema.at("/properties/id/format").asText());
        assertEquals("email", schema.at("/properties/mail/format").asText());
        assertEquals("uri", schema.at("/properties/home/format").asText());
        assertTrue(schema.at("/properties/name/format").isMissingNode());
        assertTrue(shape.merge(json("{\"at\": \"yesterday\", \"id\": \"3f1c6c1e-9d2b-4a57-8d2e-0c5b7f2a9e42\","
                + " \"mail\": \"b@example.com\", \"home\": \"https://example.com/x\", \"name\": \"Bo\"}")));
        assertTrue(shape.toSchema().at("/properties/at/format").isMissingNode(), "one value was not a date-time");
    }

    @Test
    void arraysAndNestedObjects() throws Exception {
        InferredShape shape = new InferredShape();
        shape.merge(json("{\"items\": [{\"sku\": \"a\", \"qty\": 1}, {\"sku\": \"b\"}], \"meta\": {\"k\": true}}"));
        JsonNode schema = shape.toSchema();
        assertEquals("array", schema.at("/properties/items/type").asText());
        assertEquals("[\"sku\"]", schema.at("/properties/items/items/required").toString());
        assertEquals("boolean", schema.at("/properties/meta/properties/k/type").asText());
        assertTrue(shape.merge(json("{\"items\": [], \"meta\": null}")));
        assertEquals(
                "[\"null\",\"object\"]",
                shape.toSchema().at("/properties/meta/type").toString());
    }

    @Test
    void inferredSchemasAcceptTheirSamplesAndResumeFromTheirSchema() throws Exception {
        InferredShape shape = new InferredShape();
        String[] samples = {
            "{\"n\": 1, \"s\": \"x\", \"l\": [1, 2], \"o\": {\"p\": \"2026-01-01T00:00:00Z\"}}",
            "{\"n\": 2.5, \"l\": [], \"o\": {\"p\": \"2026-01-02T00:00:00+02:00\", \"q\": false}}",
            "{\"n\": -3, \"s\": null, \"o\": {\"p\": \"2026-01-03T00:00:00Z\"}}"
        };
        for (String sample : samples) {
            shape.merge(json(sample));
        }
        JsonNode schema = shape.toSchema();
        assertTrue(
                JsonSchemas.problems(schema).isEmpty(),
                JsonSchemas.problems(schema).toString());
        for (String sample : samples) {
            assertTrue(JsonSchemas.compile(schema).accepts(json(sample)), sample + " against " + schema);
        }
        InferredShape resumed = InferredShape.from(schema);
        assertEquals(schema, resumed.toSchema(), "a seeded shape renders the schema it came from");
        assertFalse(resumed.merge(json(samples[1])), "a sample it already covers changes nothing");
        assertTrue(resumed.merge(json("{\"n\": 1, \"o\": {\"p\": \"2026-01-01T00:00:00Z\"}, \"new\": 1}")));
    }
}
