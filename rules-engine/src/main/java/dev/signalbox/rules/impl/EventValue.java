package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One scalar of an event as the matcher sees it: its type, its text and, for numbers, the
 * comparable double ({@link Numbers}); plus where it sits in the event's arrays.
 *
 * <p>Created per event and confined to the matching thread, except for being immutable apart from
 * the lazily computed IP form, a benign race (any thread computes the same string).
 */
public final class EventValue {
    public static final byte STRING = 0;
    public static final byte NUMBER = 1;
    public static final byte TRUE = 2;
    public static final byte FALSE = 3;
    public static final byte NULL = 4;

    private static final String NOT_AN_IP = "";

    final byte type;
    /** Strings: the value (lone surrogates as '?'); numbers: the canonical text if not comparable. */
    final String text;
    /** The comparable double of a number, NaN otherwise. */
    final double number;
    /** (array id, element index) pairs of the arrays of containers enclosing this value. */
    final int[] membership;
    /** Where the value is, as a JSON Pointer; only kept when explaining. */
    final String pointer;

    private String ip;

    EventValue(byte type, String text, double number, int[] membership, String pointer) {
        this.type = type;
        this.text = text;
        this.number = number;
        this.membership = membership;
        this.pointer = pointer;
    }

    /** The value of a scalar node. */
    static EventValue of(JsonNode scalar, int[] membership, String pointer) {
        return switch (scalar.getNodeType()) {
            case STRING -> new EventValue(STRING, Utf8.normalized(scalar.textValue()), Double.NaN, membership, pointer);
            case NUMBER -> number(scalar, membership, pointer);
            case BOOLEAN -> new EventValue(scalar.booleanValue() ? TRUE : FALSE, null, Double.NaN, membership, pointer);
            default -> new EventValue(NULL, null, Double.NaN, membership, pointer);
        };
    }

    private static EventValue number(JsonNode scalar, int[] membership, String pointer) {
        double comparable = Numbers.comparable(scalar);
        String text = Double.isNaN(comparable) ? Numbers.canonical(scalar) : null;
        return new EventValue(NUMBER, text, comparable, membership, pointer);
    }

    boolean isString() {
        return type == STRING;
    }

    boolean isComparable() {
        return type == NUMBER && !Double.isNaN(number);
    }

    /** The hex digits of the IP address this string spells, or {@code null}. */
    String ip() {
        if (type != STRING) {
            return null;
        }
        String cached = ip;
        if (cached == null) {
            String hex = IpAddresses.hex(text);
            cached = hex == null ? NOT_AN_IP : hex;
            ip = cached;
        }
        return cached.isEmpty() ? null : cached;
    }

    /** The value as JSON text, for explanations. */
    String describe() {
        return switch (type) {
            case STRING -> '"' + text + '"';
            case NUMBER -> Double.isNaN(number) ? text : Utf8.plain(number);
            case TRUE -> "true";
            case FALSE -> "false";
            default -> "null";
        };
    }
}
