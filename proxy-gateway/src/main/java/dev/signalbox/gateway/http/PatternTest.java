package dev.signalbox.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.StructuredEvents;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.DefinitionJson;
import dev.signalbox.rules.CesqlFilter;
import dev.signalbox.rules.EventPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code POST /v1/test-event-pattern} request, read and checked whole: {@code {"pattern": {…},
 * "event": {…}}} or {@code {"filter": {"cesql": "…"}, "event": {…}}}, exactly one of pattern and
 * filter, nothing else.
 *
 * <p>Immutable once read; the answer is computed on the caller's thread (patterns and filters are
 * thread-safe). A pattern is tested against any JSON object, as EventBridge's TestEventPattern
 * does; a filter reads CloudEvent attributes, so its event must be a valid CloudEvent in
 * structured form. Every problem is a 400 naming the member's JSON Pointer: an unknown member,
 * a missing or non-object {@code event}, both or neither of pattern and filter, a bad pattern or
 * filter ({@code pattern.invalid}), an event a filter cannot read ({@code event.invalid}).
 */
final class PatternTest {
    private static final Set<String> MEMBERS = Set.of("pattern", "filter", "event");

    private final EventPattern pattern;
    private final CesqlFilter filter;
    private final JsonNode event;
    private final Event cloudEvent;

    private PatternTest(EventPattern pattern, CesqlFilter filter, JsonNode event, Event cloudEvent) {
        this.pattern = pattern;
        this.filter = filter;
        this.event = event;
        this.cloudEvent = cloudEvent;
    }

    static PatternTest read(JsonNode body) {
        if (!body.isObject()) {
            throw new SignalboxException(
                    ErrorType.REQUEST_INVALID,
                    "The body must be a JSON object.",
                    List.of(new Violation(
                            "", "must be {\"pattern\": {…}, \"event\": {…}} or {\"filter\": {…}, \"event\": {…}}")));
        }
        List<Violation> violations = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!MEMBERS.contains(name)) {
                violations.add(new Violation(
                        "/" + name.replace("~", "~0").replace("/", "~1"),
                        "is not a member of a pattern test; the body has pattern or filter, and event"));
            }
        });
        JsonNode event = body.get("event");
        if (event == null) {
            violations.add(new Violation("/event", "is required: the JSON object to test"));
        } else if (!event.isObject()) {
            violations.add(new Violation(
                    "/event",
                    "must be a JSON object, not " + event.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        boolean hasPattern = body.has("pattern");
        boolean hasFilter = body.has("filter");
        if (hasPattern && hasFilter) {
            violations.add(new Violation("/filter", "a test has a pattern or a filter, not both"));
        } else if (!hasPattern && !hasFilter) {
            violations.add(new Violation("/pattern", "is required (or a filter: {\"cesql\": \"…\"})"));
        }
        if (!violations.isEmpty()) {
            throw new SignalboxException(
                    ErrorType.REQUEST_INVALID,
                    "The request has " + violations.size() + " problem(s): "
                            + violations.get(0).pointer() + " "
                            + violations.get(0).message() + ".",
                    violations);
        }
        if (hasPattern) {
            return new PatternTest(pattern(body.get("pattern")), null, event, null);
        }
        CesqlFilter filter = DefinitionJson.readFilter(body.get("filter"));
        return new PatternTest(null, filter, event, cloudEvent(event));
    }

    private static EventPattern pattern(JsonNode json) {
        try {
            return EventPattern.parse(json);
        } catch (SignalboxException e) {
            throw within("/pattern", e);
        }
    }

    private static Event cloudEvent(JsonNode json) {
        try {
            return StructuredEvents.parse(json);
        } catch (SignalboxException e) {
            throw within("/event", e);
        }
    }

    private static SignalboxException within(String at, SignalboxException e) {
        List<Violation> violations = e.violations().isEmpty()
                ? List.of(new Violation(at, e.detail()))
                : e.violations().stream()
                        .map(v -> new Violation(at + v.pointer(), v.message()))
                        .toList();
        return new SignalboxException(e.type(), e.detail(), violations);
    }

    /** {@code {"result": bool}}, and with {@code explain} an {@code explanation} when it is false. */
    ObjectNode answer(boolean explain) {
        if (pattern != null) {
            return explain
                    ? pattern.explain(event).toJson()
                    : JsonNodeFactory.instance.objectNode().put("result", pattern.matches(event));
        }
        ObjectNode explained = filter.explain(cloudEvent);
        return explain ? explained : JsonNodeFactory.instance.objectNode().set("result", explained.get("result"));
    }
}
