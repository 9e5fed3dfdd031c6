package dev.signalbox.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A {@code $ref} the node cannot resolve (remote and file references are never fetched) is
 * refused when the schema is registered, and a schema stored before that check still answers
 * validation with a violation, never an exception. The validator recurses without a bound of its
 * own: a schema whose check never ends, or one nested too deeply, is refused, and data nested
 * deeper than {@link DataDepth#MAX} is refused before it is validated; none of them is a
 * StackOverflowError.
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

    @Test
    void refusesASchemaWhoseCheckNeverEnds() throws Exception {
        for (String schema : List.of(
                "{\"$ref\": \"#\"}",
                "{\"$defs\": {\"a\": {\"$ref\": \"#/$defs/b\"}, \"b\": {\"$ref\": \"#/$defs/a\"}},"
                        + " \"$ref\": \"#/$defs/a\"}")) {
            List<Violation> problems = JsonSchemas.problems(JSON.readTree(schema));
            assertEquals(1, problems.size(), schema + ": " + problems);
            assertTrue(problems.get(0).message().contains("never ends"), problems.toString());
        }
    }

    @Test
    void refusesASchemaNestedTooDeeplyToCheck() throws Exception {
        JsonNode schema = JSON.readTree("{\"items\": ".repeat(900) + "{}" + "}".repeat(900));
        List<Violation> problems = onEventLoopSizedStack(() -> JsonSchemas.problems(schema));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("too deeply"), problems.toString());
    }

    @Test
    void dataNestedPastTheDepthBoundIsRefusedBeforeValidation() throws Exception {
        // Each level wrapped in allOf four times: many validator frames per level, so that 990
        // levels overflow a 1 MiB stack however the JIT has compiled them.
        JsonNode schema = JSON.readTree("{\"$defs\": {\"node\": "
                + "{\"allOf\": [".repeat(4)
                + "{\"type\": \"object\", \"properties\": {\"c\": {\"$ref\": \"#/$defs/node\"}}}"
                + "]}".repeat(4)
                + "}, \"$ref\": \"#/$defs/node\"}");
        assertEquals(List.of(), JsonSchemas.problems(schema));
        JsonSchemas.DataValidator validator = JsonSchemas.compile(schema);
        assertTrue(validator.accepts(JSON.readTree("{\"c\": {\"c\": {}}}")));
        // The deepest data that is checked passes on an event loop's stack; deeper data is
        // refused before the validator recurses, wherever the stack would have run out.
        JsonNode atBound = JSON.readTree("{\"c\": ".repeat(DataDepth.MAX - 1) + "{}" + "}".repeat(DataDepth.MAX - 1));
        assertEquals(List.of(), onEventLoopSizedStack(() -> validator.validate(atBound, "/data")));
        JsonNode deep = JSON.readTree("{\"c\": ".repeat(990) + "{}" + "}".repeat(990));
        SignalboxException e = onEventLoopSizedStack(
                () -> assertThrows(SignalboxException.class, () -> validator.validate(deep, "/data")));
        assertEquals(ErrorType.EVENT_DATA_TOO_DEEP, e.type());
        assertEquals("/data" + "/c".repeat(DataDepth.MAX), e.violations().get(0).pointer());
    }

    /**
     * Runs {@code work} on a thread with the JVM's default stack for new threads (1 MiB on 64-bit
     * Linux, as Vert.x's event loops have), whatever stack the test runner's thread was given.
     */
    private static <T> T onEventLoopSizedStack(Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        result.set(work.call());
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                "event-loop-sized",
                1024 * 1024);
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw new AssertionError("threw instead of answering", failure.get());
        }
        return result.get();
    }
}
