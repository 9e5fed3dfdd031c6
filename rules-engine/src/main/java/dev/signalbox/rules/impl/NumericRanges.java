package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compiles {@code {"numeric": [...]}}: {@code ["=", x]}, {@code ["<", x]}, {@code ["<=", x]},
 * {@code [">", x]}, {@code [">=", x]}, or a lower bound followed by an upper one ({@code [">", 0,
 * "<=", 5]}), as event-ruler accepts them.
 *
 * <p>Confined to one compilation. Every bound must be a comparable number ({@link Numbers}), and a
 * two-sided range must have its lower bound strictly below its upper one, even when both are
 * closed ({@code [">=", 5, "<=", 5]} is refused, as event-ruler refuses it). One-sided ranges run
 * to plus or minus {@link Double#MAX_VALUE}.
 */
final class NumericRanges {
    private final Problems problems;

    NumericRanges(Problems problems) {
        this.problems = problems;
    }

    ValueTest compile(JsonNode list, String at) {
        if (!list.isArray()) {
            return fail(at, "'numeric' takes an array such as [\">\", 0, \"<=\", 5].");
        }
        if (list.isEmpty() || !list.get(0).isTextual()) {
            return fail(at + "/0", "A numeric comparison starts with an operator: =, <, <=, > or >=.");
        }
        String operator = list.get(0).textValue();
        double bound = bound(list, 1, at);
        if (Double.isNaN(bound)) {
            return null;
        }
        switch (operator) {
            case "=":
                return only(list, 2, at) ? new ValueTest.Exact(EventValue.NUMBER, null, bound) : null;
            case "<":
            case "<=":
                if (!only(list, 2, at) || !inside(bound, -Double.MAX_VALUE, at)) {
                    return null;
                }
                return new ValueTest.NumericRange(-Double.MAX_VALUE, false, bound, operator.equals("<"));
            case ">":
            case ">=":
                return lower(list, at, bound, operator.equals(">"));
            default:
                return fail(at + "/0", "'" + operator + "' is not a numeric operator; use =, <, <=, > or >=.");
        }
    }

    private ValueTest lower(JsonNode list, String at, double low, boolean lowOpen) {
        if (list.size() == 2) {
            return inside(low, Double.MAX_VALUE, at)
                    ? new ValueTest.NumericRange(low, lowOpen, Double.MAX_VALUE, false)
                    : null;
        }
        JsonNode operator = list.get(2);
        if (!operator.isTextual()
                || !(operator.textValue().equals("<") || operator.textValue().equals("<="))) {
            return fail(at + "/2", "A lower bound can only be followed by \"<\" or \"<=\" and an upper bound.");
        }
        double high = bound(list, 3, at);
        if (Double.isNaN(high) || !only(list, 4, at)) {
            return null;
        }
        if (!(low < high)) {
            return fail(at, "The lower bound must be less than the upper bound.");
        }
        return new ValueTest.NumericRange(
                low, lowOpen, high, operator.textValue().equals("<"));
    }

    // event-ruler builds one-sided ranges up to the largest double; a bound at that very limit
    // leaves it no room and its machine fails to add the rule, so it is refused here.
    private boolean inside(double bound, double limit, String at) {
        if (bound == limit) {
            fail(at + "/1", "A one-sided bound cannot be the largest double itself.");
            return false;
        }
        return true;
    }

    private double bound(JsonNode list, int index, String at) {
        JsonNode value = list.get(index);
        if (value == null || !value.isNumber()) {
            fail(at + "/" + index, "A numeric operator must be followed by a number.");
            return Double.NaN;
        }
        double comparable = Numbers.comparable(value);
        if (Double.isNaN(comparable)) {
            fail(at + "/" + index, "The number " + value.asText() + " cannot be compared as a 64-bit double.");
        }
        return comparable;
    }

    private boolean only(JsonNode list, int size, String at) {
        if (list.size() > size) {
            fail(at + "/" + size, "Too many elements in the numeric comparison.");
            return false;
        }
        return true;
    }

    private ValueTest fail(String at, String message) {
        problems.add(at, message);
        return null;
    }
}
