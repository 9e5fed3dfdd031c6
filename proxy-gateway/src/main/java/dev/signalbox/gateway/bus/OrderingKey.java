package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventViews;
import dev.signalbox.rules.transform.JsonPath;
import java.util.Objects;
import java.util.Optional;

/**
 * What a target orders its deliveries by: a context attribute ({@code subject}, {@code
 * partitionkey}, any extension) or a path into the event's JSON data ({@code $.data.customer.id},
 * {@code $.data.items[0].sku}), read by the same {@link JsonPath} reader as the transforms'
 * {@code inputPath}, so a path that could never select anything is refused when the rule is
 * made instead of leaving the deliveries unordered without a word. Events with the same key
 * value reach the target one at a time, in the order they were stored; an event without the key
 * is not ordered against any other. Immutable.
 */
public final class OrderingKey {

    private final String expression;
    // Null for an attribute key; derived from the expression, so equality is the expression's.
    private final JsonPath path;

    public OrderingKey(String expression) {
        this.path = parse(expression);
        this.expression = expression;
    }

    /** The key as written: an attribute name or a {@code $.data} path. */
    public String expression() {
        return expression;
    }

    /** The event's key, or empty when it has none (an absent attribute, a path that selects nothing or an object). */
    public Optional<String> keyOf(Event event) {
        if (path == null) {
            return event.attribute(expression);
        }
        Optional<JsonNode> node = path.select(EventViews.matchView(event));
        if (node.isEmpty() || node.get().isNull() || node.get().isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(
                node.get().isTextual() ? node.get().textValue() : node.get().toString());
    }

    /** The path of a {@code $} key (null for an attribute key), or why the key is refused. */
    private static JsonPath parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        if (!expression.startsWith("$")) {
            if (!expression.matches("[a-z0-9]{1,64}")) {
                throw new IllegalArgumentException("an attribute name is 1 to 64 lowercase letters or digits");
            }
            return null;
        }
        JsonPath path;
        try {
            path = JsonPath.parse(expression);
        } catch (JsonPath.Invalid e) {
            throw new IllegalArgumentException("is not a valid path: " + e.getMessage());
        }
        if (path.steps().isEmpty() || !"data".equals(path.steps().get(0).name())) {
            throw new IllegalArgumentException(
                    "a path reads the event's data: $.data, then .member, [index] or ['member'], as in $.data.customer.id");
        }
        if (path.steps().stream().anyMatch(JsonPath.Step::wildcard)) {
            throw new IllegalArgumentException("a key selects one value: a path has no wildcard (* or [*])");
        }
        return path;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OrderingKey key && key.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return "OrderingKey[" + expression + "]";
    }
}
