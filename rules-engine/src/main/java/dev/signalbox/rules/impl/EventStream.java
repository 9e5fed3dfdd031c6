package dev.signalbox.rules.impl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.signalbox.core.Event;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Reads the fields rules test straight from an {@link Event}'s attributes and data bytes, giving
 * the same {@link EventFields} as flattening {@code EventViews.matchView(event)} but without
 * building the view: keys no rule names are skipped unparsed, and only named scalars become
 * objects. On a bus where most events match no rule this is most of the router's matching work.
 *
 * <p>Stateless, thread-safe (Jackson factories are). The view parses {@code data} as one JSON
 * value with BigDecimal floats and no trailing tokens, dropping it when that fails; the stream
 * does the same, and falls back to the tree for the one thing a stream sees differently: an
 * object repeating a key the rules read, whose last value is the one the view keeps. Keys are
 * compared by identity: Jackson interns the field names it reads.
 */
public final class EventStream {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final ObjectMapper TREES = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EventStream() {}

    /** A key the rules read appears twice in one object: the stream must give way to the tree. */
    private static final class DuplicateKey extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DuplicateKey() {
            super(null, null, false, false);
        }
    }

    /** The fields of the event's match view that the trie names. */
    public static EventFields fields(Event event, NameTrie names) {
        EventFields fields = EventFields.empty();
        for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
            NameTrie node = names.child(attribute.getKey());
            if (node != null && node.name() != null) {
                fields.add(node.name(), attributeValue(attribute.getValue()));
            }
        }
        NameTrie data = names.child("data");
        if (data == null || !event.hasJsonData()) {
            return fields;
        }
        byte[] bytes = event.data();
        if (stream(bytes, data, fields)) {
            return fields;
        }
        // Rare: data that is not exactly one JSON value, or has a duplicate key the rules read.
        // Start again without the stream's partial reading and let the view's own parse decide.
        EventFields again = EventFields.empty();
        for (Map.Entry<String, Object> attribute : event.attributes().entrySet()) {
            NameTrie node = names.child(attribute.getKey());
            if (node != null && node.name() != null) {
                again.add(node.name(), attributeValue(attribute.getValue()));
            }
        }
        tree(bytes, names, again);
        return again;
    }

    private static EventValue attributeValue(Object value) {
        if (value instanceof Boolean flag) {
            return new EventValue(flag ? EventValue.TRUE : EventValue.FALSE, null, Double.NaN, Memberships.NONE, null);
        }
        if (value instanceof Integer number) {
            return new EventValue(EventValue.NUMBER, null, number, Memberships.NONE, null);
        }
        return new EventValue(
                EventValue.STRING, Utf8.normalized(String.valueOf(value)), Double.NaN, Memberships.NONE, null);
    }

    // Whether the bytes are exactly one JSON value without duplicate keys, read into `into`.
    private static boolean stream(byte[] bytes, NameTrie data, EventFields into) {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return true; // no value: the view has no data either
            }
            value(parser, token, data, Memberships.NONE, into);
            return parser.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    // The view's own way: parse the tree; no data when that fails.
    private static void tree(byte[] bytes, NameTrie names, EventFields fields) {
        JsonNode node;
        try {
            node = TREES.readTree(bytes);
        } catch (IOException e) {
            return;
        }
        if (node != null && !node.isMissingNode()) {
            fields.addObjectField("data", node, names);
        }
    }

    private static void value(JsonParser parser, JsonToken token, NameTrie node, int[] membership, EventFields into)
            throws IOException {
        switch (token) {
            case START_OBJECT -> {
                String[] read = null;
                int count = 0;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    NameTrie child = node.child(key);
                    JsonToken next = parser.nextToken();
                    if (child == null) {
                        parser.skipChildren();
                        continue;
                    }
                    if (read == null) {
                        read = new String[4];
                    }
                    for (int i = 0; i < count; i++) {
                        if (read[i] == key) {
                            throw new DuplicateKey();
                        }
                    }
                    if (count == read.length) {
                        read = java.util.Arrays.copyOf(read, count * 2);
                    }
                    read[count++] = key;
                    value(parser, next, child, membership, into);
                }
            }
            case START_ARRAY -> array(parser, node, membership, into);
            default -> {
                if (node.name() != null) {
                    into.add(node.name(), scalar(parser, token, membership));
                }
            }
        }
    }

    private static void array(JsonParser parser, NameTrie node, int[] membership, EventFields into) throws IOException {
        int id = into.nextArrayId();
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), index++) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                int[] inner = new int[membership.length + 2];
                System.arraycopy(membership, 0, inner, 0, membership.length);
                inner[membership.length] = id;
                inner[membership.length + 1] = index;
                value(parser, token, node, inner, into);
            } else {
                value(parser, token, node, membership, into);
            }
        }
    }

    private static EventValue scalar(JsonParser parser, JsonToken token, int[] membership) throws IOException {
        return switch (token) {
            case VALUE_STRING -> new EventValue(
                    EventValue.STRING, Utf8.normalized(parser.getText()), Double.NaN, membership, null);
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? number(new BigDecimal(parser.getBigIntegerValue()), membership)
                    : number(parser.getLongValue(), membership);
            case VALUE_NUMBER_FLOAT -> number(parser.getDecimalValue(), membership);
            case VALUE_TRUE -> new EventValue(EventValue.TRUE, null, Double.NaN, membership, null);
            case VALUE_FALSE -> new EventValue(EventValue.FALSE, null, Double.NaN, membership, null);
            default -> new EventValue(EventValue.NULL, null, Double.NaN, membership, null);
        };
    }

    private static EventValue number(long whole, int[] membership) {
        double comparable = Numbers.comparable(whole);
        return new EventValue(
                EventValue.NUMBER,
                Double.isNaN(comparable) ? Numbers.canonical(BigDecimal.valueOf(whole)) : null,
                comparable,
                membership,
                null);
    }

    private static EventValue number(BigDecimal decimal, int[] membership) {
        double comparable = Numbers.comparable(decimal);
        return new EventValue(
                EventValue.NUMBER,
                Double.isNaN(comparable) ? Numbers.canonical(decimal) : null,
                comparable,
                membership,
                null);
    }
}
