package dev.signalbox.rules.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled forms of a target transform, each turning the event's JSON view into the bytes a
 * target receives.
 *
 * <p>Implementations are immutable, thread-safe records.
 */
public sealed interface Transform {
    String JSON = "application/json";
    String TEXT = "text/plain; charset=utf-8";

    /**
     * The body and its content type.
     *
     * @param unreadableData why the event's data, which claims JSON, could not be read, so that
     *     the view has none; empty when it could (or does not claim JSON)
     * @param maxBytes the largest body the delivery may carry
     * @throws OutputTooLarge when the body would be larger, as soon as that is known: the body is
     *     never built past the bound (a JSONata evaluation stops at the step whose value is too
     *     large, see {@link EvaluationBounds})
     * @throws DataUnreadable when {@code unreadableData} is given and the transform reads {@code
     *     data}: a path into it or to the whole event ({@link JsonPath#readsData()}), a template
     *     with such a path or {@code <signalbox.event>}, a JSONata expression that looks it up or
     *     walks the whole event
     * @throws OutputTooDeep when a JSON body would nest deeper than JSON is written (binary-mode
     *     data nests up to that bound, and a path to {@code $} or a template with {@code
     *     <signalbox.event>} wraps it in the event)
     */
    Output apply(ObjectNode view, Optional<String> unreadableData, Reserved reserved, long maxBytes)
            throws JsonataExpression.Failure, OutputTooLarge, DataUnreadable, OutputTooDeep;

    /** What a transform produced. */
    record Output(byte[] body, String contentType) {}

    /** The reserved variables' values for one delivery. */
    record Reserved(String busName, String ruleName, String ingestionTime) {}

    /** The reserved variable names, usable in templates as {@code <name>}. */
    String RULE_NAME = "signalbox.rule-name";

    String BUS_NAME = "signalbox.bus-name";
    String EVENT = "signalbox.event";
    String INGESTION_TIME = "signalbox.ingestion-time";

    ObjectMapper MAPPER = JsonMapper.builder().build();

    private static byte[] json(Object value, long maxBytes, String what) throws OutputTooLarge, OutputTooDeep {
        try {
            return BoundedJson.write(MAPPER, value, maxBytes, what);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON value always serialises", e);
        }
    }

    /** Refuses a transform that reads data when the data could not be read. */
    private static void requireData(boolean readsData, Optional<String> unreadableData) throws DataUnreadable {
        if (readsData && unreadableData.isPresent()) {
            throw new DataUnreadable(unreadableData.get());
        }
    }

    /** The view itself (routers deliver the original event instead; this is its JSON form). */
    record Original() implements Transform {
        @Override
        public Output apply(ObjectNode view, Optional<String> unreadableData, Reserved reserved, long maxBytes)
                throws OutputTooLarge, DataUnreadable, OutputTooDeep {
            requireData(true, unreadableData);
            return new Output(json(view, maxBytes, "the event"), JSON);
        }
    }

    /** {@code inputPath}: the selected part of the view, or JSON {@code null} when nothing is selected. */
    record Path(JsonPath path) implements Transform {
        @Override
        public Output apply(ObjectNode view, Optional<String> unreadableData, Reserved reserved, long maxBytes)
                throws OutputTooLarge, DataUnreadable, OutputTooDeep {
            requireData(path.readsData(), unreadableData);
            JsonNode selected = path.select(view).orElse(JsonNodeFactory.instance.nullNode());
            return new Output(json(selected, maxBytes, "the selected value"), JSON);
        }
    }

    /** {@code input}: a constant JSON value. */
    record Constant(JsonNode value) implements Transform {
        @Override
        public Output apply(ObjectNode view, Optional<String> unreadableData, Reserved reserved, long maxBytes)
                throws OutputTooLarge, OutputTooDeep {
            return new Output(json(value, maxBytes, "the constant"), JSON);
        }
    }

    /** {@code inputTransformer}: a template filled from JSON paths and the reserved variables. */
    record Template(Map<String, JsonPath> paths, InputTemplate template) implements Transform {
        public Template {
            paths = Map.copyOf(paths);
        }

        @Override
        public Output apply(ObjectNode view, Optional<String> unreadableData, Reserved reserved, long maxBytes)
                throws OutputTooLarge, DataUnreadable, OutputTooDeep {
            requireData(readsData(), unreadableData);
            Map<String, Optional<JsonNode>> values = new HashMap<>();
            paths.forEach((name, path) -> values.put(name, path.select(view)));
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            values.put(RULE_NAME, Optional.of(nodes.textNode(reserved.ruleName())));
            values.put(BUS_NAME, Optional.of(nodes.textNode(reserved.busName())));
            values.put(INGESTION_TIME, Optional.of(nodes.textNode(reserved.ingestionTime())));
            values.put(EVENT, Optional.of(view));
            byte[] body = template.render(values, maxBytes).getBytes(StandardCharsets.UTF_8);
            if (body.length > maxBytes) {
                // render bounds characters; a character can take up to 3 bytes of UTF-8.
                throw new OutputTooLarge("the filled template is " + body.length + " bytes");
            }
            return new Output(body, template.json() ? JSON : TEXT);
        }

        /** Whether a placeholder the template uses is {@code <signalbox.event>} or a path that reads data. */
        private boolean readsData() {
            for (InputTemplate.Part part : template.parts()) {
                String variable = part.variable();
                if (EVENT.equals(variable)
                        || (variable != null
                                && paths.containsKey(variable)
                                && paths.get(variable).readsData())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code jsonata}: a JSONata expression over the view; {@code $ruleName}, {@code $busName}, {@code $ingestionTime} bound. */
    record Jsonata(JsonataExpression expression) implements Transform {
        @Override
        public Output apply(ObjectNode view, Optional<String> unreadableData, Reserved reserved, long maxBytes)
                throws JsonataExpression.Failure, OutputTooLarge, DataUnreadable {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("ruleName", reserved.ruleName());
            variables.put("busName", reserved.busName());
            variables.put("ingestionTime", reserved.ingestionTime());
            Object result = expression.evaluate(view, unreadableData, variables, maxBytes);
            try {
                return new Output(BoundedJson.write(MAPPER, result, maxBytes, "the JSONata result"), JSON);
            } catch (OutputTooDeep e) {
                // Binary-mode data may nest the full 1,000 levels; a result wrapping it nests more.
                throw new JsonataExpression.Failure("the result would nest objects and arrays deeper than "
                        + OutputTooDeep.MAX_DEPTH
                        + " levels, the most Signalbox writes in one JSON document (the event's data nests"
                        + " close to that bound and the result wraps it in more levels)");
            } catch (JsonProcessingException e) {
                throw new JsonataExpression.Failure("the result is not JSON (a function?): " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new IllegalStateException("writing to memory does not fail", e);
            }
        }
    }
}
