package dev.signalbox.rules.gen;

/**
 * A generated JSON scalar with the exact text it is written as.
 *
 * @param kind what it is
 * @param json its JSON text (strings quoted and escaped)
 * @param text the string's content; for numbers, a key naming the value's group of spellings
 */
public record Scalar(Kind kind, String json, String text) {
    public enum Kind {
        STRING,
        NUMBER,
        ODD_NUMBER,
        TRUE,
        FALSE,
        NULL
    }

    public static Scalar string(String text) {
        return new Scalar(Kind.STRING, Json.quote(text), text);
    }

    boolean isString() {
        return kind == Kind.STRING;
    }
}
