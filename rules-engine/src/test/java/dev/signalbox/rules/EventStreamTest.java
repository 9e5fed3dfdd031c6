package dev.signalbox.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.core.Event;
import dev.signalbox.core.EventViews;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.rules.gen.EventGenerator;
import dev.signalbox.rules.gen.Json;
import dev.signalbox.rules.gen.PatternGenerator;
import dev.signalbox.rules.gen.Scalar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link PatternMachine#matchingRules(Event)} reads attributes and data bytes directly; it must
 * answer exactly as matching the event's view ({@link EventViews#matchView}) does, for any data:
 * JSON objects, scalars, arrays, bytes that are not JSON, trailing garbage, duplicate keys, and
 * data whose content type is not JSON.
 */
class EventStreamTest {
    private static final String[] ODD_DATA = {
        "",
        "   ",
        "5",
        "\"text\"",
        "[1, {\"a\": 1}]",
        "null",
        "{\"a\": 1} trailing",
        "{\"a\": ",
        "not json",
        "{\"a\": 1, \"a\": 2}",
        "{\"n\": {\"x\": 1, \"x\": {\"y\": 2}}}",
        "{\"a\": [1, 2], \"b\": {\"c\": 1e400}}"
    };

    @Test
    void answersAsTheMatchViewDoes() {
        Random random = new Random(7);
        EventGenerator events = new EventGenerator(random);
        PatternGenerator patterns = new PatternGenerator(random);
        PatternMachine machine = new PatternMachine();
        int rules = 0;
        while (rules < 600) {
            Map<String, Object> shape = new LinkedHashMap<>();
            shape.put("type", Scalar.string("t" + random.nextInt(3)));
            int retries = random.nextInt(4);
            shape.put("retries", new Scalar(Scalar.Kind.NUMBER, String.valueOf(retries), "g-retries"));
            boolean sampled = random.nextBoolean();
            shape.put(
                    "sampled", new Scalar(sampled ? Scalar.Kind.TRUE : Scalar.Kind.FALSE, String.valueOf(sampled), ""));
            shape.put("data", events.event());
            try {
                machine.put("r" + rules, EventPattern.parse(patterns.patternFrom(shape)));
                rules++;
            } catch (SignalboxException e) {
                // refused patterns are another test's business
            }
        }
        int matches = 0;
        for (int i = 0; i < 3_000; i++) {
            Event event = event(random, events);
            Set<String> fromView = machine.matchingRules(EventViews.matchView(event));
            assertEquals(fromView, machine.matchingRules(event), () -> event.toString());
            matches += fromView.size();
        }
        assertTrue(matches > 1_000, "only " + matches + " matches");
    }

    private static Event event(Random random, EventGenerator events) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("specversion", "1.0");
        attributes.put("id", "e" + random.nextInt());
        attributes.put("source", "s");
        attributes.put("type", "t" + random.nextInt(3));
        attributes.put("retries", random.nextInt(4));
        attributes.put("sampled", random.nextBoolean());
        int roll = random.nextInt(10);
        if (roll == 0) {
            attributes.put("datacontenttype", "text/plain");
        } else if (roll == 1) {
            attributes.put("datacontenttype", "application/cloudevents+json; charset=utf-8");
        }
        String data = random.nextInt(6) == 0 ? ODD_DATA[random.nextInt(ODD_DATA.length)] : Json.render(events.event());
        return new Event(attributes, random.nextInt(20) == 0 ? null : data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void skipsWhatNoRuleNames() {
        PatternMachine machine = new PatternMachine();
        machine.put("r", EventPattern.parse("{\"data\": {\"wanted\": [1]}}"));
        Map<String, Object> attributes = Map.of("specversion", "1.0", "id", "1", "source", "s", "type", "t");
        String data = "{\"ignored\": {\"deep\": [1, 2, {\"x\": \"" + "y".repeat(10_000) + "\"}]}, \"wanted\": 1}";
        List<Event> list = new ArrayList<>();
        list.add(new Event(attributes, data.getBytes(StandardCharsets.UTF_8)));
        assertEquals(Set.of("r"), machine.matchingRules(list.get(0)));
    }
}
