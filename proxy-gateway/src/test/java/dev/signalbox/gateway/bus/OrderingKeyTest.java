package dev.signalbox.gateway.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderingKeyTest {

    private static Event event(String data, Map<String, Object> extra) {
        Map<String, Object> attributes = new LinkedHashMap<>(Map.of(
                "specversion", "1.0", "id", "1", "source", "/s", "type", "t", "datacontenttype", "application/json"));
        attributes.putAll(extra);
        return new Event(attributes, data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void attributesAndExtensionsAreKeys() {
        Event event = event("{}", Map.of("subject", "order-7", "partitionkey", "p1", "priority", 3));
        assertEquals(Optional.of("order-7"), new OrderingKey("subject").keyOf(event));
        assertEquals(Optional.of("p1"), new OrderingKey("partitionkey").keyOf(event));
        assertEquals(Optional.of("3"), new OrderingKey("priority").keyOf(event));
        assertEquals(Optional.empty(), new OrderingKey("absent").keyOf(event));
    }

    @Test
    void pathsSelectScalarsInJsonData() {
        Event event = event("{\"customer\": {\"id\": \"c-9\", \"tier\": 2, \"tags\": [1]}}", Map.of());
        assertEquals(Optional.of("c-9"), new OrderingKey("$.data.customer.id").keyOf(event));
        assertEquals(Optional.of("2"), new OrderingKey("$.data.customer.tier").keyOf(event));
        assertEquals(Optional.empty(), new OrderingKey("$.data.customer.tags").keyOf(event), "not a scalar");
        assertEquals(Optional.empty(), new OrderingKey("$.data.nobody").keyOf(event));
    }

    @Test
    void malformedKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OrderingKey("Subject"));
        assertThrows(IllegalArgumentException.class, () -> new OrderingKey("$.id"));
        assertThrows(IllegalArgumentException.class, () -> new OrderingKey("$.data..x"));
    }

    /** Paths the old prefix check took and then read as something else, or as nothing. */
    @ParameterizedTest
    @ValueSource(
            strings = {"$.data[", "$.datafoo", "$.dataX.a", "$", "$.data.*", "$.data[*].id", "$.data[x]", "$.data."})
    void pathsThatSelectNothingAreRefused(String key) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new OrderingKey(key));
        assertTrue(!refused.getMessage().isBlank());
    }

    @Test
    void pathsReadTheDataAsTheTransformsDo() {
        Event event = event("{\"items\": [{\"sku\": \"s-1\"}, {\"sku\": 7}], \"a.b\": \"dotted\"}", Map.of());
        assertEquals(Optional.of("s-1"), new OrderingKey("$.data.items[0].sku").keyOf(event));
        assertEquals(Optional.of("7"), new OrderingKey("$.data.items[1].sku").keyOf(event));
        assertEquals(Optional.of("dotted"), new OrderingKey("$.data['a.b']").keyOf(event));
        assertEquals(Optional.empty(), new OrderingKey("$.data.items[2].sku").keyOf(event));
        assertEquals(Optional.of("first"), new OrderingKey("$.data[0]").keyOf(event("[\"first\"]", Map.of())));
    }
}
