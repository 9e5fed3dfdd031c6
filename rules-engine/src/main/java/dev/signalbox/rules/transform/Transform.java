package dev.signalbox.rules.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** The body and its content type. */
    Output apply(ObjectNode view, Reserved reserved) throws JsonataExpression.Failure;

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

    private static byte[] json(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON value always serialises", e);
        }
    }

    /** The view itself (routers deliver the original event instead; this is its JSON form). */
    record Original() implements Transform {
        @Override
        public Output apply(ObjectNode view, Reserved reserved) {
            return new Output(json(view), JSON);
        }
    }

    /** {@code inputPath}: the selected part of the view, or JSON {@code null} when nothing is selected. */
    record Path(JsonPath path) implements Transform {
        @Override
        public Output apply(ObjectNode view, Reserved reserved) {
            return new Output(json(path.select(view).orElse(JsonNodeFactory.instance.nullNode())), JSON);
        }
    }

    /** {@code input}: a constant JSON value. */
    record Constant(JsonNode value) implements Transform {
        @Override
        public Output apply(ObjectNode view, Reserved reserved) {
            return new Output(json(value), JSON);
        }
    }

    /** {@code inputTransformer}: a template filled from JSON paths and the reserved variables. */
    record Template(Map<String, JsonPath> paths, InputTemplate template) implements Transform {
        public Template {
            paths = Map.copyOf(paths);
        }

        @Override
        public Output apply(ObjectNode view, Reserved reserved) {
            Map<String, Optional<JsonNode>> values = new HashMap<>();
            paths.forEach((name, path) -> values.put(name, path.select(view)));
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            values.put(RULE_NAME, Optional.of(nodes.textNode(reserved.ruleName())));
            values.put(BUS_NAME, Optional.of(nodes.textNode(reserved.busName())));
            values.put(INGESTION_TIME, Optional.of(nodes.textNode(reserved.ingestionTime())));
            values.put(EVENT, Optional.of(view));
            byte[] body = template.render(values).getBytes(StandardCharsets.UTF_8);
            return new Output(body, template.json() ? JSON : TEXT);
        }
    }

    /** {@code jsonata}: a JSONata expression over the view; {@code $ruleName}, {@code $busName}, {@code $ingestionTime} bound. */
    record Jsonata(JsonataExpression expression) implements Transform {
        @Override
        public Output apply(ObjectNode view, Reserved reserved) throws JsonataExpression.Failure {
            Map<String, String> variables = new LinkedHashMap<>();
            variables.put("ruleName", reserved.ruleName());
            variables.put("busName", reserved.busName());
            variables.put("ingestionTime", reserved.ingestionTime());
            Object result = expression.evaluate(view, variables);
            try {
                return new Output(MAPPER.writeValueAsBytes(result), JSON);
            } catch (JsonProcessingException e) {
                throw new JsonataExpression.Failure("the result is not JSON (a function?): " + e.getOriginalMessage());
            }
        }
    }
}
