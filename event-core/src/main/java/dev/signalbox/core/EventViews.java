package dev.signalbox.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * Views of an {@link Event} for other modules.
 *
 * <p>Stateless and thread-safe; each call returns a new tree the caller owns and may change.
 */
public final class EventViews {
    private EventViews() {}

    /**
     * The JSON form rules match against: every attribute (typed: strings, booleans, integers)
     * plus {@code "data"} parsed as JSON when {@link Event#hasJsonData()} and the bytes are one
     * JSON value; otherwise there is no {@code data} field. Fractional numbers in data are {@link
     * java.math.BigDecimal}, so patterns compare the posted values exactly.
     */
    public static ObjectNode matchView(Event event) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
            Object value = attribute.getValue();
            if (value instanceof Boolean flag) {
                view.put(attribute.getKey(), flag);
            } else if (value instanceof Integer number) {
                view.put(attribute.getKey(), number);
            } else {
                view.put(attribute.getKey(), String.valueOf(value));
            }
        }
        if (event.hasJsonData()) {
            JsonNode data = parseData(event.dataUnsafe());
            if (data != null && !data.isMissingNode()) {
                view.set("data", data);
            }
        }
        return view;
    }

    /**
     * Why the event's data, which claims JSON ({@link Event#hasJsonData()}), cannot be read as
     * JSON, so that {@link #matchView} leaves it out: not JSON ("at line 1, column 2: Unexpected
     * character ..."), or nested deeper than the bound every JSON document is read with ("...
     * nest deeper than 1000 levels ..."). Empty for data that is absent, does not claim JSON, is
     * empty or reads as JSON. Parses the data again: ask only when the view has no {@code data}.
     */
    public static Optional<String> unreadableData(Event event) {
        if (!event.hasJsonData()) {
            return Optional.empty();
        }
        try {
            Json.MAPPER.readTree(event.dataUnsafe());
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(Json.explain(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array cannot fail", e);
        }
    }

    // Data that claims JSON but is not is still a valid event (CloudEvents does not police the
    // payload); it is simply not matchable by data fields, so no exception escapes here.
    private static JsonNode parseData(byte[] data) {
        try {
            return Json.MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a byte array cannot fail", e);
        }
    }
}
