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
    void whyDataThatClaimsJsonIsLeftOutIsToldApart() {
        Map<String, Object> attributes = TestEvents.required();
        String deep = "[".repeat(1001) + "]".repeat(1001);
        Event tooDeep = new Event(attributes, deep.getBytes(UTF_8));
        assertFalse(EventViews.matchView(tooDeep).has("data"));
        String why = EventViews.unreadableData(tooDeep).orElseThrow();
        assertTrue(why.startsWith("objects and arrays nest deeper than 1000 levels"), why);
        String broken = EventViews.unreadableData(new Event(attributes, "{broken".getBytes(UTF_8)))
                .orElseThrow();
        assertTrue(broken.startsWith("at line 1, column 2: Unexpected character"), broken);
        String atBound = "[".repeat(1000) + "]".repeat(1000);
        Event deepest = new Event(attributes, atBound.getBytes(UTF_8));
        assertTrue(EventViews.matchView(deepest).has("data"), "1000 levels are read");
        assertEquals(java.util.Optional.empty(), EventViews.unreadableData(deepest));
        assertEquals(java.util.Optional.empty(), EventViews.unreadableData(new Event(attributes, new byte[0])));
        assertEquals(java.util.Optional.empty(), EventViews.unreadableData(new Event(attributes, null)));
        attributes.put("datacontenttype", "text/plain");
        assertEquals(
                java.util.Optional.empty(),
                EventViews.unreadableData(new Event(attributes, "{broken".getBytes(UTF_8))));
    }

    @Test
    void jsonSuffixTypesCount() {
        Event event = TestEvents.with("datacontenttype", "application/vnd.x+JSON; v=1");
        ObjectNode view = EventViews.matchView(new Event(event.attributes(), "[null]".getBytes(UTF_8)));
        assertTrue(view.get("data").isArray());
    }
}
