package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The served OpenAPI 3.1 document as a checker: a real response is checked against the operation
 * it answers (its status declared, its media type declared, required headers present, and its
 * body valid against the declared schema), a request body against the operation's request
 * schema, and every example in the document against its schema. Schemas are JSON Schema 2020-12
 * (as OpenAPI 3.1 says) validated with networknt json-schema-validator; {@code $ref}s into
 * {@code #/components/...} resolve within the document. Nothing is fetched from the network.
 *
 * <p>Operations are named {@code "method /path/{param}"} exactly as in the document.
 *
 * <p>Threading: confined to the test that made it.
 */
final class Contract {

    /** Where the document is registered for the validator; never fetched. */
    private static final String BASE = "https://contract.signalbox.invalid/openapi.json";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode spec;
    private final SchemaRegistry registry;
    private final Map<JsonNode, Schema> compiled = new IdentityHashMap<>();
    private final AtomicInteger wrappers = new AtomicInteger();

    Contract(JsonNode spec) {
        this.spec = spec;
        String text;
        try {
            text = Api.JSON.writeValueAsString(spec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(config)
                        .schemas(Map.of(BASE, text))
                        .schemaLoader(loader -> loader.fetchRemoteResources(false)));
    }

    /** Every operation of the document, as {@code "method /path"}. */
    Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    /**
     * Checks a real response against the operation; fails the test naming every disagreement.
     * Returns the response, so a call can be written inline.
     */
    Api.Response check(String operation, Api.Response response) {
        return checkAgainst(operation, responseFor(operation, response.status(), response.text()), response);
    }

    /**
     * Checks an answer that is no operation's (a 405 names a method the path does not serve)
     * against the {@code default} response of an operation on that path; fails when it has none.
     */
    Api.Response checkDefault(String operation, Api.Response response) {
        JsonNode declared = operation(operation).path("responses").get("default");
        if (declared == null) {
            fail(operation + " declares no default response for " + response.status() + ": " + response.text());
        }
        return checkAgainst(operation, resolve(declared), response);
    }

    private Api.Response checkAgainst(String operation, JsonNode declared, Api.Response response) {
        for (Iterator<Map.Entry<String, JsonNode>> headers =
                        declared.path("headers").fields();
                headers.hasNext(); ) {
            Map.Entry<String, JsonNode> header = headers.next();
            JsonNode definition = resolve(header.getValue());
            if (definition.path("required").asBoolean(false)) {
                assertTrue(
                        response.headers().firstValue(header.getKey()).isPresent(),
                        operation + " answered " + response.status() + " without the required header "
                                + header.getKey());
            }
        }
        JsonNode content = declared.get("content");
        boolean hasBody = response.body().length > 0;
        if (content == null || content.isEmpty()) {
            assertTrue(
                    !hasBody,
                    operation + " answered " + response.status() + " with a body, which the contract does not declare: "
                            + response.text());
            return response;
        }
        assertTrue(hasBody, operation + " answered " + response.status() + " without the body the contract declares");
        String mediaType = response.contentType().split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        JsonNode media = mediaEntry(content, mediaType);
        if (media == null) {
            fail(operation + " answered " + response.status() + " as " + mediaType + ", the contract declares "
                    + names(content));
        }
        if (media.has("schema")) {
            List<String> errors = validate(media.get("schema"), instance(mediaType, response.body()));
            if (!errors.isEmpty()) {
                fail(operation + " answered " + response.status() + " with a body that breaks its schema: " + errors
                        + "\nbody: " + response.text());
            }
        }
        return response;
    }

    /** Checks a request body against the operation's request schema for the media type. */
    void checkRequest(String operation, String mediaType, byte[] body) {
        JsonNode content = resolve(operation(operation).path("requestBody")).path("content");
        JsonNode media = mediaEntry(content, mediaType);
        if (media == null) {
            fail(operation + " does not declare a " + mediaType + " request body; it declares " + names(content));
        }
        if (media.has("schema")) {
            List<String> errors = validate(media.get("schema"), instance(mediaType, body));
            assertTrue(
                    errors.isEmpty(),
                    operation + ": the request breaks its schema: " + errors + "\n"
                            + new String(body, StandardCharsets.UTF_8));
        }
    }

    /** Every example of a request or response body in the document that breaks its schema. */
    List<String> brokenExamples() {
        List<String> broken = new ArrayList<>();
        for (String operation : operations()) {
            JsonNode op = operation(operation);
            examplesOf(operation + " request", resolve(op.path("requestBody")).path("content"), broken);
            for (Iterator<Map.Entry<String, JsonNode>> statuses =
                            op.path("responses").fields();
                    statuses.hasNext(); ) {
                Map.Entry<String, JsonNode> status = statuses.next();
                examplesOf(
                        operation + " " + status.getKey(),
                        resolve(status.getValue()).path("content"),
                        broken);
            }
        }
        return broken;
    }

    private void examplesOf(String where, JsonNode content, List<String> broken) {
        for (Iterator<Map.Entry<String, JsonNode>> media = content.fields(); media.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = media.next();
            JsonNode schema = entry.getValue().get("schema");
            if (schema == null) {
                continue;
            }
            List<JsonNode> values = new ArrayList<>();
            if (entry.getValue().has("example")) {
                values.add(entry.getValue().get("example"));
            }
            entry.getValue()
                    .path("examples")
                    .forEach(example -> values.add(resolve(example).get("value")));
            for (JsonNode value : values) {
                if (value == null) {
                    continue;
                }
                List<String> errors = validate(schema, value);
                if (!errors.isEmpty()) {
                    broken.add(where + " " + entry.getKey() + " example " + value + ": " + errors);
                }
            }
        }
    }

    /** The declared response for the status; fails when the operation or the status is not declared. */
    private JsonNode responseFor(String operation, int status, String body) {
        JsonNode responses = operation(operation).path("responses");
        JsonNode declared = responses.get(String.valueOf(status));
        if (declared == null) {
            fail(operation + " answered " + status + ", which the contract does not declare: " + body);
        }
        return resolve(declared);
    }

    private JsonNode operation(String operation) {
        String[] parts = operation.split(" ", 2);
        JsonNode op = spec.path("paths").path(parts[1]).get(parts[0]);
        if (op == null) {
            fail("the contract has no operation " + operation);
        }
        return op;
    }

    /** Follows a {@code $ref} to {@code #/components/...} (responses, requestBodies, headers, examples). */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.has("$ref") && hops < 10; hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                fail("only local references are supported, found " + ref);
            }
            current = spec.at(ref.substring(1));
            if (current.isMissingNode()) {
                fail("dangling reference " + ref);
            }
        }
        return current == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : current;
    }

    private static JsonNode mediaEntry(JsonNode content, String mediaType) {
        if (content.has(mediaType)) {
            return content.get(mediaType);
        }
        String range = mediaType.contains("/") ? mediaType.substring(0, mediaType.indexOf('/')) + "/*" : "";
        if (content.has(range)) {
            return content.get(range);
        }
        return content.get("*/*");
    }

    private static JsonNode instance(String mediaType, byte[] body) {
        if (mediaType.endsWith("json")) {
            try {
                return Api.JSON.readTree(body);
            } catch (IOException e) {
                fail("a " + mediaType + " body that is not JSON: " + e.getMessage());
            }
        }
        return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
    }

    private List<String> validate(JsonNode schema, JsonNode instance) {
        Schema compiledSchema = compiled.computeIfAbsent(schema, this::compile);
        List<String> errors = new ArrayList<>();
        for (Error error : compiledSchema.validate(instance)) {
            errors.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return errors;
    }

    /** A schema of the document, its local references made absolute so they resolve into it. */
    private Schema compile(JsonNode schema) {
        JsonNode absolute = absolute(schema.deepCopy());
        return registry.getSchema(
                SchemaLocation.of("https://contract.signalbox.invalid/check/" + wrappers.incrementAndGet()), absolute);
    }

    private static JsonNode absolute(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                object.put("$ref", BASE + ref.asText());
            }
            object.fields().forEachRemaining(field -> absolute(field.getValue()));
        } else if (node.isArray()) {
            node.forEach(Contract::absolute);
        }
        return node;
    }

    private static String names(JsonNode content) {
        List<String> names = new ArrayList<>();
        content.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }
}
