package dev.signalbox.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTest {

    @Test
    void equalityIsByContent() {
        Event a = new Event(TestEvents.required(), "x".getBytes(UTF_8));
        Event b = new Event(new HashMap<>(TestEvents.required()), "x".getBytes(UTF_8));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Event(TestEvents.required(), "y".getBytes(UTF_8)));
        assertNotEquals(a, new Event(TestEvents.required(), null));
        assertTrue(a.toString().contains("data=x"), a.toString());
    }

    @Test
    void isImmutable() {
        Map<String, Object> attributes = TestEvents.required();
        byte[] data = "abc".getBytes(UTF_8);
        Event event = new Event(attributes, data);
        attributes.put("id", "changed");
        data[0] = 'z';
        event.data()[1] = 'z';
        assertEquals("evt-1", event.id());
        assertEquals("abc", new String(event.data(), UTF_8));
        assertThrows(
                UnsupportedOperationException.class, () -> event.attributes().put("x", "y"));
        assertThrows(NullPointerException.class, () -> TestEvents.with("x", null));
    }

    @Test
    void attributesHaveAStringForm() {
        Event event = TestEvents.with("count", 12);
        assertEquals(Optional.of("12"), event.attribute("count"));
        assertEquals(Optional.of("true"), TestEvents.with("b", true).attribute("b"));
        assertEquals(Optional.empty(), event.attribute("nope"));
        assertEquals(Optional.empty(), event.dataContentType());
        assertNull(TestEvents.without("id").id());
    }

    @Test
    void jsonDataDependsOnTheContentType() {
        byte[] data = "{}".getBytes(UTF_8);
        assertTrue(new Event(TestEvents.required(), data).hasJsonData());
        assertFalse(new Event(TestEvents.required(), null).hasJsonData());
        for (String type :
                new String[] {"application/json", "Application/JSON; charset=utf-8", "application/ld+json"}) {
            assertTrue(new Event(TestEvents.with("datacontenttype", type).attributes(), data).hasJsonData(), type);
        }
        for (String type : new String[] {"text/plain", "application/jsonx", "application/xml", "+json"}) {
            assertFalse(new Event(TestEvents.with("datacontenttype", type).attributes(), data).hasJsonData(), type);
        }
    }

    @Test
    void errorTypesFormProblemUris() {
        assertEquals("urn:signalbox:problem:pattern.invalid", ErrorType.PATTERN_INVALID.typeUri());
        assertEquals(413, ErrorType.EVENT_TOO_LARGE.httpStatus());
        assertEquals("UNAVAILABLE", ErrorType.STORE_BUSY.grpcStatus());
        assertEquals(
                ErrorType.values().length,
                java.util.Arrays.stream(ErrorType.values())
                        .map(ErrorType::code)
                        .distinct()
                        .count());
        SignalboxException e = new SignalboxException(ErrorType.INTERNAL, "boom");
        assertTrue(e.violations().isEmpty());
        assertEquals("internal: boom", e.getMessage());
    }
}
