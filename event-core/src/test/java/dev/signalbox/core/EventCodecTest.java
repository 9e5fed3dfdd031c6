package dev.signalbox.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void roundTripsAttributesInOrderWithTheirTypes() {
        Map<String, Object> attributes = TestEvents.required();
        attributes.put("subject", "Zürich ✓ \uD83D\uDE00");
        attributes.put("flag", false);
        attributes.put("on", true);
        attributes.put("count", Integer.MIN_VALUE);
        attributes.put("max", Integer.MAX_VALUE);
        Event event = new Event(attributes, "{\"a\":1}".getBytes(UTF_8));
        Event decoded = EventCodec.decode(EventCodec.encode(event));
        assertEquals(event, decoded);
        assertEquals(
                List.copyOf(attributes.keySet()),
                List.copyOf(decoded.attributes().keySet()));
    }

    @Test
    void distinguishesNoDataFromEmptyData() {
        Event none = new Event(TestEvents.required(), null);
        Event empty = new Event(TestEvents.required(), new byte[0]);
        assertEquals(none, EventCodec.decode(EventCodec.encode(none)));
        assertEquals(empty, EventCodec.decode(EventCodec.encode(empty)));
    }

    @Test
    void roundTripsLargeBinaryData() {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        Event event = new Event(TestEvents.required(), data);
        assertEquals(event, EventCodec.decode(EventCodec.encode(event)));
    }

    @Test
    void startsWithTheVersionByte() {
        assertEquals(1, EventCodec.encode(new Event(TestEvents.required(), null))[0]);
    }

    @Test
    void rejectsGarbage() {
        byte[] good = EventCodec.encode(new Event(TestEvents.required(), "xyz".getBytes(UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(new byte[] {9}));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(Arrays.copyOf(good, good.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(new byte[] {1, -1, -1, -1, -1, 15}));
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        Random random = new Random(42);
        byte[] good = EventCodec.encode(new Event(TestEvents.required(), "payload".getBytes(UTF_8)));
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = good.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                EventCodec.decode(bytes);
            } catch (IllegalArgumentException expected) {
                // the only allowed failure
            }
        }
    }

    @Test
    void refusesValuesItCannotStore() {
        assertThrows(IllegalArgumentException.class, () -> EventCodec.encode(TestEvents.with("big", 5L)));
    }
}
