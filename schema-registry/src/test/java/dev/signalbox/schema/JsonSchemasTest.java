package dev.signalbox.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.core.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code $ref} the node cannot resolve (remote and file references are never fetched) is
 * refused when the schema is registered, and a schema stored before that check still answers
 * validation with a violation, never an exception.
 */
class JsonSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void refusesReferencesThatCannotBeResolved() throws Exception {
        for (String ref : List.of("http://127.0.0.1:9/x.json", "file:///etc/passwd", "#/$defs/missing")) {
            JsonNode schema =
                    JSON.readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"" + ref + "\"}}}");
            List<Violation> problems = JsonSchemas.problems(schema);
            assertFalse(problems.isEmpty(), ref + " is refused");
            assertTrue(problems.get(0).message().contains(ref.replace("#", "")), problems.toString());
        }
    }

    @Test
    void acceptsLocalReferences() throws Exception {
        JsonNode schema = JSON.readTree("{\"$defs\": {\"id\": {\"type\": \"string\"}},"
                + " \"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/$defs/id\"}}}");
        assertEquals(List.of(), JsonSchemas.problems(schema));
        assertTrue(JsonSchemas.compile(schema).accepts(JSON.readTree("{\"a\": \"x\"}")));
        assertFalse(JsonSchemas.compile(schema).accepts(JSON.readTree("{\"a\": 1}")));
    }

    @Test
    void anUnresolvableReferenceStoredEarlierIsAViolationNotAnException() throws Exception {
        JsonNode schema = JSON.readTree("{\"$ref\": \"http://127.0.0.1:9/x.json\"}");
        List<Violation> violations = JsonSchemas.compile(schema).validate(JSON.readTree("{}"), "/data");
        assertEquals(1, violations.size(), violations.toString());
        assertEquals("/data", violations.get(0).pointer());
    }
}
