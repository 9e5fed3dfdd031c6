package dev.signalbox.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventViewsTest {

    @Test
    void attributesKeepTheirTypesAndJsonDataIsParsed() {
        Map<String, Object> attributes = TestEvents.required();
        attributes.put("retries", 3);
        attributes.put("sampled", true);
        Event event = new Event(attributes, "{\"amount\": 10.10, \"tags\": [\"a\"]}".getBytes(UTF_8));
        ObjectNode view = EventViews.matchView(event);
        assertEquals("evt-1", view.get("id").textValue());
        assertTrue(view.get("retries").isInt());
        assertTrue(view.get("sampled").isBoolean());
        assertEquals(0, new BigDecimal("10.1").compareTo(view.at("/data/amount").decimalValue()));
        assertTrue(view.at("/data/amount").isBigDecimal());
        assertEquals("a", view.at("/data/tags/0").textValue());
    }

    @Test
    void nonJsonOrBrokenDataIsLeftOut() {
        Map<String, Object> attributes = TestEvents.required();
        assertFalse(EventViews.matchView(new Event(attributes, "{broken".getBytes(UTF_8)))
                .has("data"));
        assertFalse(EventViews.matchView(new Event(attributes, "1 2".getBytes(UTF_8)))
                .has("data"));
        assertFalse(EventViews.matchView(new Event(attributes, new byte[0])).has("data"));
        assertFalse(EventViews.matchView(new Event(attributes, null)).has("data"));
        attributes.put("datacontenttype", "text/plain");
        assertFalse(EventViews.matchView(new Event(attributes, "{}".getBytes(UTF_8)))
                .has("data"));
    }

    @Test
    void jsonSuffixTypesCount() {
        Event event = TestEvents.with("datacontenttype", "application/vnd.x+JSON; v=1");
        ObjectNode view = EventViews.matchView(new Event(event.attributes(), "[null]".getBytes(UTF_8)));
        assertTrue(view.get("data").isArray());
    }
}
