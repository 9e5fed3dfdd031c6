package dev.signalbox.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.core.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which schemas a registry accepts: both dialects, formats asserted; nothing it cannot apply. */
class SchemaAcceptanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"$id\": \"https://example.com/root\", \"properties\": {\"a\": {\"$ref\": \"other.json\"}}}",
                "{\"$dynamicRef\": \"#meta\"}",
                "{\"type\": \"strin\"}",
                "{\"properties\": {\"a\": {\"type\": \"string\", \"pattern\": \"([a-z\"}}}",
                "{\"$schema\": \"https://example.com/my-dialect\"}",
                "[1, 2]"
            })
    void refusesSchemasThatCannotBeApplied(String schema) throws Exception {
        List<Violation> problems = JsonSchemas.problems(JSON.readTree(schema));
        assertTrue(!problems.isEmpty(), schema);
    }

    @Test
    void acceptsBothDialectsAndAssertsFormats() throws Exception {
        JsonNode draft7 =
                JSON.readTree("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\","
                        + " \"properties\": {\"at\": {\"type\": \"string\", \"format\": \"date-time\"}},"
                        + " \"definitions\": {\"x\": {\"type\": \"integer\"}}}");
        assertEquals(List.of(), JsonSchemas.problems(draft7));
        assertEquals(Dialect.DRAFT_07, Dialect.of(draft7).orElseThrow());
        List<Violation> violations = JsonSchemas.compile(draft7).validate(JSON.readTree("{\"at\": \"noon\"}"), "/data");
        assertEquals(1, violations.size(), violations.toString());
        assertEquals("/data/at", violations.get(0).pointer());
        assertEquals(List.of(), JsonSchemas.problems(JSON.readTree("true")));
    }
}
