package dev.signalbox.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventViews;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a target orders its deliveries by: a context attribute ({@code subject}, {@code
 * partitionkey}, any extension) or a path into the event's JSON data ({@code $.data.customer.id},
 * dot-separated member names). Events with the same key value reach the target one at a time, in
 * the order they were stored; an event without the key is not ordered against any other.
 * Immutable.
 */
public record OrderingKey(String expression) {

    public OrderingKey {
        Objects.requireNonNull(expression, "expression");
        if (expression.startsWith("$")) {
            if (!expression.startsWith("$.data") || pathOf(expression) == null) {
                throw new IllegalArgumentException("a path must look like $.data or $.data.member.member");
            }
        } else if (!expression.matches("[a-z0-9]{1,64}")) {
            throw new IllegalArgumentException("an attribute name is 1 to 64 lowercase letters or digits");
        }
    }

    /** The event's key, or empty when it has none (an absent attribute, a path that selects nothing or an object). */
    public Optional<String> keyOf(Event event) {
        if (!expression.startsWith("$")) {
            return event.attribute(expression);
        }
        JsonNode node = EventViews.matchView(event);
        for (String member : pathOf(expression)) {
            node = node == null ? null : node.get(member);
        }
        if (node == null || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(node.isTextual() ? node.textValue() : node.toString());
    }

    private static List<String> pathOf(String expression) {
        List<String> members = new ArrayList<>();
        for (String part : expression.substring(2).split("\\.", -1)) {
            if (part.isEmpty()) {
                return null;
            }
            members.add(part);
        }
        return members;
    }
}
