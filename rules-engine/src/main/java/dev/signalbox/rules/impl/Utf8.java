package dev.signalbox.rules.impl;

import java.math.BigDecimal;

/**
 * Small string helpers that keep the matcher's char-level operations equal to event-ruler's
 * byte-level ones.
 *
 * <p>Stateless, thread-safe. event-ruler matches UTF-8 bytes; Java's encoder writes a lone
 * surrogate as {@code '?'}. Replacing lone surrogates by {@code '?'} once, in patterns and in
 * events, makes prefix, suffix, equality and glob tests on chars give the byte answers (UTF-8 is
 * self-synchronising, so a byte prefix of whole code points is a char prefix).
 */
public final class Utf8 {
    private Utf8() {}

    /** The string with every lone surrogate replaced by {@code '?'}; the same instance if none. */
    public static String normalized(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return replaceLoneSurrogates(text);
                }
            }
        }
        return text;
    }

    private static String replaceLoneSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '?' : c);
            }
        }
        return out.toString();
    }

    /** A double as JSON number text for people: {@code 50}, {@code 2.5}, {@code 1E+300}. */
    static String plain(double value) {
        BigDecimal decimal = BigDecimal.valueOf(value).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e15) ? decimal.toPlainString() : decimal.toString();
    }
}
