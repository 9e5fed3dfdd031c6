package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signalbox.core.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An event flattened the way event-ruler flattens it: for each field name some rule tests, the
 * scalars found at that dotted path, in document order, each with its array memberships.
 *
 * <p>Built per event and confined to the matching thread. Arrays of scalars add each element;
 * arrays of objects or arrays record which element each value came from (array consistency);
 * empty arrays and objects add nothing, so {@code exists} sees only scalars.
 */
public final class EventFields {
    // Sized for the dozen or two fields a bus's rules typically read, so it never rehashes.
    private final Map<String, List<EventValue>> values = new HashMap<>(64);
    private final boolean withPointers;
    private int arrays;

    private EventFields(boolean withPointers) {
        this.withPointers = withPointers;
    }

    /** Fields to be filled by {@link EventStream}. */
    static EventFields empty() {
        return new EventFields(false);
    }

    void add(String name, EventValue value) {
        values.computeIfAbsent(name, n -> new ArrayList<>(2)).add(value);
    }

    int nextArrayId() {
        return arrays++;
    }

    /** The fields an event tree adds to these (a fallback of {@link EventStream}). */
    void addObjectField(String key, JsonNode value, NameTrie names) {
        NameTrie child = names.child(key);
        if (child != null) {
            value(value, child, Memberships.NONE, null);
        }
    }

    /** The fields of an event object that the trie names. */
    public static EventFields of(JsonNode event, NameTrie names, boolean withPointers) {
        EventFields fields = new EventFields(withPointers);
        fields.object(event, names, Memberships.NONE, "");
        return fields;
    }

    /** The scalars at the field, or {@code null} when there are none. */
    public List<EventValue> get(String name) {
        return values.get(name);
    }

    /** Every field found with its scalars. */
    public Map<String, List<EventValue>> all() {
        return values;
    }

    private void object(JsonNode object, NameTrie node, int[] membership, String pointer) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            NameTrie child = node.child(field.getKey());
            if (child != null) {
                String at = withPointers ? pointer + "/" + Violation.escape(field.getKey()) : null;
                value(field.getValue(), child, membership, at);
            }
        }
    }

    private void value(JsonNode value, NameTrie node, int[] membership, String pointer) {
        if (value.isObject()) {
            object(value, node, membership, pointer);
        } else if (value.isArray()) {
            array(value, node, membership, pointer);
        } else if (node.name() != null) {
            values.computeIfAbsent(node.name(), n -> new ArrayList<>(2)).add(EventValue.of(value, membership, pointer));
        }
    }

    private void array(JsonNode array, NameTrie node, int[] membership, String pointer) {
        int id = arrays++;
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String at = withPointers ? pointer + "/" + i : null;
            if (element.isContainerNode()) {
                int[] inner = new int[membership.length + 2];
                System.arraycopy(membership, 0, inner, 0, membership.length);
                inner[membership.length] = id;
                inner[membership.length + 1] = i;
                value(element, node, inner, at);
            } else {
                value(element, node, membership, at);
            }
        }
    }
}
