package dev.signalbox.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {

    @Test
    void aMinimalEventIsValid() {
        Event event = new Event(TestEvents.required(), null);
        assertEquals(List.of(), EventValidator.validate(event));
        assertSame(event, EventValidator.requireValid(event));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "specversion", "type"})
    void eachRequiredAttributeIsRequired(String name) {
        List<Violation> violations = EventValidator.validate(TestEvents.without(name));
        assertEquals(1, violations.size(), violations::toString);
        assertEquals("/" + name, violations.get(0).pointer());
        assertTrue(violations.get(0).message().contains("'" + name + "' is missing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "source", "type", "subject", "dataschema"})
    void emptyStringsAreRejected(String name) {
        List<Violation> violations = EventValidator.validate(TestEvents.with(name, ""));
        assertEquals(List.of("/" + name), pointers(violations));
        assertTrue(violations.get(0).message().contains("must not be empty"));
    }

    @Test
    void theSpecVersionMustBeOnePointZero() {
        List<Violation> violations = EventValidator.validate(TestEvents.with("specversion", "0.3"));
        assertEquals(List.of("/specversion"), pointers(violations));
        String message = violations.get(0).message();
        assertTrue(message.contains("'0.3'") && message.contains("'1.0'"), message);
    }

    @Test
    void everyBadNameIsReportedWithAnEscapedPointer() {
        Map<String, Object> attributes = TestEvents.required();
        attributes.put("Upper", "x");
        attributes.put("with-dash", "x");
        attributes.put("a/b", "x");
        attributes.put("ti~me", "x");
        attributes.put("", "x");
        attributes.put("okname42", "x");
        List<Violation> violations = EventValidator.validate(new Event(attributes, null));
        assertEquals(List.of("/Upper", "/with-dash", "/a~1b", "/ti~0me", "/"), pointers(violations));
        assertTrue(violations.get(0).message().contains("'Upper'"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-13-01T10:00:00Z",
                "2024-05-01",
                "2024-02-30T10:00:00Z",
                "2023-02-29T10:00:00Z",
                "2024-05-01 10:00:00Z",
                "2024-05-01T24:00:00Z",
                "2024-05-01T10:60:00Z",
                "2024-05-01T10:00:00",
                "2024-05-01T10:00:00+24:00",
                "2024-05-01T10:00:00.Z",
                "2024-5-1T10:00:00Z",
                "yesterday"
            })
    void badTimesAreRejected(String time) {
        List<Violation> violations = EventValidator.validate(TestEvents.with("time", time));
        assertEquals(List.of("/time"), pointers(violations));
        assertTrue(violations.get(0).message().contains(time));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-05-01T10:00:00Z",
                "2024-05-01t10:00:00z",
                "2024-05-01T10:00:00.123456789Z",
                "2024-05-01T10:00:00+05:30",
                "2024-05-01T10:00:00-08:00",
                "2024-02-29T00:00:00Z",
                "2016-12-31T23:59:60Z"
            })
    void rfc3339TimesAreAccepted(String time) {
        assertEquals(List.of(), EventValidator.validate(TestEvents.with("time", time)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://exa mple.com", "https://example.com/%zz", "::", "//", ":orders", "/a b"})
    void badSourcesAreRejected(String source) {
        List<Violation> violations = EventValidator.validate(TestEvents.with("source", source));
        assertEquals(List.of("/source"), pointers(violations));
        assertTrue(
                violations.get(0).message().contains("URI-reference"),
                violations.get(0).message());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/orders",
                "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
                "orders",
                "mailto:a@b.c",
                "shop.orders/v1_x~y-z",
                "//example.com/orders"
            })
    void uriReferencesAreGoodSources(String source) {
        assertEquals(List.of(), EventValidator.validate(TestEvents.with("source", source)));
    }

    @Test
    void theDataSchemaMustBeAbsolute() {
        assertEquals(List.of("/dataschema"), pointers(EventValidator.validate(TestEvents.with("dataschema", "/s"))));
        assertEquals(List.of(), EventValidator.validate(TestEvents.with("dataschema", "https://example.com/s.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "application/", "application/json;", "text/plain; charset", "a b/c"})
    void badMediaTypesAreRejected(String type) {
        assertEquals(
                List.of("/datacontenttype"),
                pointers(EventValidator.validate(TestEvents.with("datacontenttype", type))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "application/cloudevents+json",
                "text/plain; charset=utf-8",
                "text/plain;charset=\"utf-8\"",
                "application/vnd.example+json;v=2"
            })
    void mediaTypesAreAccepted(String type) {
        assertEquals(List.of(), EventValidator.validate(TestEvents.with("datacontenttype", type)));
    }

    @Test
    void extensionsAreStringsBooleansOrIntegers() {
        assertEquals(List.of(), EventValidator.validate(TestEvents.with("ext", "text")));
        assertEquals(List.of(), EventValidator.validate(TestEvents.with("ext", true)));
        assertEquals(List.of(), EventValidator.validate(TestEvents.with("ext", -7)));
        for (Object bad : List.of(5L, 1.5, List.of("a"), Map.of())) {
            List<Violation> violations = EventValidator.validate(TestEvents.with("ext", bad));
            assertEquals(List.of("/ext"), pointers(violations), bad::toString);
        }
    }

    @Test
    void specAttributesMustBeStrings() {
        List<Violation> violations = EventValidator.validate(TestEvents.with("id", 42));
        assertEquals(List.of("/id"), pointers(violations));
        assertTrue(violations.get(0).message().contains("must be a string, not an integer"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"subject", "id", "type", "source", "ext"})
    void controlCharactersAreRefusedInEveryStringAttribute(String name) {
        for (String bad : List.of("a\u0000b", "line\nbreak", "tab\there", "del\u007f", "c1\u0085", "\u009f")) {
            List<Violation> violations = EventValidator.validate(TestEvents.with(name, bad));
            assertEquals(List.of("/" + name), pointers(violations), bad);
            assertTrue(
                    violations.get(0).message().contains("control character U+"),
                    violations.get(0).message());
        }
    }

    @Test
    void unpairedSurrogatesAreRefusedAndPairsAreText() {
        for (String bad : List.of("\ud800", "a\ud800b", "\udc00", "x\ude00\ud83d")) {
            List<Violation> violations = EventValidator.validate(TestEvents.with("subject", bad));
            assertEquals(List.of("/subject"), pointers(violations), bad);
            assertTrue(
                    violations.get(0).message().contains("unpaired surrogate"),
                    violations.get(0).message());
        }
        for (String good : List.of("\ud83d\ude82 train", "caf\u00e9", "\u00a0nbsp", "\u4e2d\u6587", "100%")) {
            assertEquals(List.of(), EventValidator.validate(TestEvents.with("subject", good)), good);
        }
    }

    @Test
    void dataIsNotAnAttribute() {
        assertEquals(List.of("/data"), pointers(EventValidator.validate(TestEvents.with("data", "x"))));
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        attributes.put("specversion", "2.0");
        attributes.put("source", "bad uri");
        attributes.put("time", "2024-05-01");
        attributes.put("Bad", 1);
        attributes.put("subject", "");
        SignalboxException e =
                assertThrows(SignalboxException.class, () -> EventValidator.requireValid(new Event(attributes, null)));
        assertEquals(ErrorType.EVENT_INVALID, e.type());
        assertEquals(
                List.of("/id", "/type", "/specversion", "/source", "/time", "/Bad", "/subject"),
                pointers(e.violations()));
        assertTrue(e.detail().contains("7 problems"), e.detail());
    }

    private static List<String> pointers(List<Violation> violations) {
        return violations.stream().map(Violation::pointer).toList();
    }
}
