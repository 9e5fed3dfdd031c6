package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles {@code {"anything-but": ...}}: a string, a number, a list of strings or of numbers (not
 * mixed), or an object {@code {"prefix" | "suffix" | "equals-ignore-case" | "wildcard": string
 * or list of strings}}, as event-ruler accepts them.
 *
 * <p>Confined to one compilation. Empty lists are refused: event-ruler's parser lets {@code
 * {"anything-but": {"prefix": []}}} through, but its machine then fails to add the rule.
 */
final class AnythingButs {
    private final Problems problems;

    AnythingButs(Problems problems) {
        this.problems = problems;
    }

    ValueTest compile(JsonNode value, String at) {
        if (value.isObject()) {
            return qualified(value, at);
        }
        if (value.isTextual()) {
            return new ValueTest.AnythingBut(Set.of(Utf8.normalized(value.textValue())));
        }
        if (value.isNumber()) {
            double number = number(value, at);
            return Double.isNaN(number) ? null : new ValueTest.AnythingButNumbers(Set.of(number));
        }
        if (value.isArray()) {
            return list(value, at);
        }
        return fail(at, "'anything-but' takes a string, a number, a list of either, or an object.");
    }

    private ValueTest list(JsonNode values, String at) {
        Set<String> strings = new LinkedHashSet<>();
        Set<Double> numbers = new LinkedHashSet<>();
        int before = problems.size();
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            if (value.isTextual()) {
                strings.add(Utf8.normalized(value.textValue()));
            } else if (value.isNumber()) {
                numbers.add(number(value, at + "/" + i));
            } else {
                problems.add(
                        at + "/" + i,
                        "An 'anything-but' list holds strings or numbers, not " + Problems.kind(value) + ".");
            }
        }
        if (problems.size() > before) {
            return null;
        }
        if (strings.isEmpty() == numbers.isEmpty()) {
            return fail(at, "An 'anything-but' list must be all strings or all numbers, and not empty.");
        }
        return strings.isEmpty()
                ? new ValueTest.AnythingButNumbers(Set.copyOf(numbers))
                : new ValueTest.AnythingBut(Set.copyOf(strings));
    }

    private ValueTest qualified(JsonNode object, String at) {
        if (object.size() != 1) {
            return fail(at, "'anything-but' takes one of prefix, suffix, equals-ignore-case or wildcard.");
        }
        Map.Entry<String, JsonNode> entry = object.properties().iterator().next();
        String operator = entry.getKey();
        String inner = at + "/" + dev.signalbox.core.Violation.escape(operator);
        if (!List.of("prefix", "suffix", "equals-ignore-case", "wildcard").contains(operator)) {
            return fail(inner, "'anything-but' cannot be combined with '" + operator + "'.");
        }
        List<String> texts = texts(entry.getValue(), inner, operator);
        if (texts == null) {
            return null;
        }
        return switch (operator) {
            case "prefix" -> new ValueTest.AnythingButPrefix(Set.copyOf(texts));
            case "suffix" -> new ValueTest.AnythingButSuffix(Set.copyOf(texts));
            case "equals-ignore-case" -> new ValueTest.AnythingButIgnoreCase(
                    texts.stream().distinct().map(IgnoreCase::of).toList());
            default -> wildcards(texts, inner);
        };
    }

    private List<String> texts(JsonNode value, String at, String operator) {
        List<JsonNode> nodes = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(nodes::add);
            if (nodes.isEmpty()) {
                fail(at, "The list must hold at least one string.");
                return null;
            }
        } else if (value.isTextual()) {
            nodes.add(value);
        } else {
            fail(at, "'" + operator + "' under 'anything-but' takes a string or a list of strings.");
            return null;
        }
        List<String> texts = new ArrayList<>();
        boolean affix = operator.equals("prefix") || operator.equals("suffix");
        for (int i = 0; i < nodes.size(); i++) {
            String where = value.isArray() ? at + "/" + i : at;
            JsonNode node = nodes.get(i);
            if (!node.isTextual()) {
                fail(where, "'" + operator + "' under 'anything-but' takes strings, not " + Problems.kind(node) + ".");
            } else if (affix && node.textValue().isEmpty()) {
                fail(where, "An empty " + operator + " is not allowed under 'anything-but'.");
            } else {
                texts.add(Utf8.normalized(node.textValue()));
            }
        }
        return texts.size() == nodes.size() ? texts : null;
    }

    private ValueTest wildcards(List<String> texts, String at) {
        List<Wildcard> wildcards = new ArrayList<>();
        for (String text : texts) {
            try {
                wildcards.add(Wildcard.parse(text));
            } catch (Wildcard.Invalid e) {
                return fail(at, "Invalid wildcard: " + e.getMessage() + ".");
            }
        }
        return new ValueTest.AnythingButWildcard(wildcards.stream().distinct().toList());
    }

    private double number(JsonNode value, String at) {
        double comparable = Numbers.comparable(value);
        if (Double.isNaN(comparable)) {
            problems.add(at, "The number " + value.asText() + " cannot be compared as a 64-bit double.");
        }
        return comparable;
    }

    private ValueTest fail(String at, String message) {
        problems.add(at, message);
        return null;
    }
}
