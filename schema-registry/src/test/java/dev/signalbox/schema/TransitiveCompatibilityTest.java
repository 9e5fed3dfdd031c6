package dev.signalbox.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transitive modes look at every earlier version, the plain ones at the latest only: a v3 that
 * v2 allows but v1 does not passes BACKWARD and fails BACKWARD_TRANSITIVE, naming v1.
 */
class TransitiveCompatibilityTest {

    @Test
    void backwardTransitiveRefusesWhatOnlyTheFirstVersionForbids() {
        // v1 number, v2 integer (narrowed: registered under NONE), v3 integer with a new closed field.
        JsonNode v1 = CompatibilityMatrixTest.json(
                "{\"type\": \"object\", \"properties\": {\"p\": {\"type\": \"number\"}}, \"additionalProperties\": false}");
        JsonNode v2 = CompatibilityMatrixTest.json(
                "{\"type\": \"object\", \"properties\": {\"p\": {\"type\": \"integer\"}}, \"additionalProperties\": false}");
        JsonNode v3 = CompatibilityMatrixTest.json(
                "{\"type\": \"object\", \"properties\": {\"p\": {\"type\": \"integer\"}, \"q\": {\"type\": \"string\"}},"
                        + " \"additionalProperties\": false}");
        List<SchemaVersion> earlier = List.of(
                new SchemaVersion("r", "s", 1, v1, Instant.EPOCH), new SchemaVersion("r", "s", 2, v2, Instant.EPOCH));
        assertTrue(
                CompatibilityChecker.check(Compatibility.BACKWARD, v3, earlier).isEmpty(), "v3 reads v2 data");
        List<Incompatibility> transitive = CompatibilityChecker.check(Compatibility.BACKWARD_TRANSITIVE, v3, earlier);
        assertEquals(1, transitive.size(), transitive.toString());
        assertEquals(1, transitive.get(0).version(), "it is v1's data v3 cannot read");
        assertEquals("/properties/p/type", transitive.get(0).pointer());
        assertTrue(CompatibilityChecker.check(Compatibility.FULL, v3, earlier).size() > 0, "v2 cannot read q");
        assertTrue(CompatibilityChecker.check(Compatibility.FULL_TRANSITIVE, v3, earlier).stream()
                .anyMatch(i -> i.version() == 1 && i.pointer().equals("/properties/p/type")));
    }

    @Test
    void forwardTransitiveRefusesWhatOnlyTheFirstVersionCannotRead() {
        // v1 integer, v2 number, v3 number with an optional field in an open model.
        JsonNode v1 = CompatibilityMatrixTest.json(
                "{\"type\": \"object\", \"properties\": {\"p\": {\"type\": \"integer\"}}}");
        JsonNode v2 =
                CompatibilityMatrixTest.json("{\"type\": \"object\", \"properties\": {\"p\": {\"type\": \"number\"}}}");
        JsonNode v3 = CompatibilityMatrixTest.json(
                "{\"type\": \"object\", \"properties\": {\"p\": {\"type\": \"number\"}, \"q\": {\"type\": \"string\"}}}");
        List<SchemaVersion> earlier = List.of(
                new SchemaVersion("r", "s", 1, v1, Instant.EPOCH), new SchemaVersion("r", "s", 2, v2, Instant.EPOCH));
        assertTrue(
                CompatibilityChecker.check(Compatibility.FORWARD, v3, earlier).isEmpty(), "v2 reads v3 data");
        List<Incompatibility> transitive = CompatibilityChecker.check(Compatibility.FORWARD_TRANSITIVE, v3, earlier);
        assertEquals(1, transitive.size(), transitive.toString());
        assertEquals(1, transitive.get(0).version());
    }
}
