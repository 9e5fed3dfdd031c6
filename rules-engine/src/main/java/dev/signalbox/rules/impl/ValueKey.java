package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The canonical key of a JSON scalar for exact-value matching: two scalars match exactly when
 * their keys are equal.
 *
 * <p>Stateless, thread-safe. A key is a type letter and a canonical text, so a string never
 * meets a number ({@code "5"} is not {@code 5}) and numbers meet by value: {@code 5}, {@code
 * 5.0}, {@code 5e0} and {@code 50e-1} share the key {@code n5e0}. Numbers go through {@link
 * BigDecimal#stripTrailingZeros()} and are written as unscaled value and exponent, never with
 * {@link BigDecimal#toPlainString()}, so {@code 1e999999999} costs a few bytes, not a gigabyte.
 * This is exact, where aws/event-ruler compares through doubles.
 */
public final class ValueKey {
    private ValueKey() {}

    /** The key of a scalar node, or {@code null} for containers and non-finite doubles. */
    public static String of(JsonNode scalar) {
        return switch (scalar.getNodeType()) {
            case STRING -> "s" + scalar.textValue();
            case BOOLEAN -> scalar.booleanValue() ? "t" : "f";
            case NULL -> "z";
            case NUMBER -> numberKey(scalar);
            default -> null;
        };
    }

    private static String numberKey(JsonNode number) {
        BigDecimal value =
                switch (number.numberType()) {
                    case INT, LONG -> BigDecimal.valueOf(number.longValue());
                    case BIG_INTEGER -> new BigDecimal(number.bigIntegerValue());
                    case BIG_DECIMAL -> number.decimalValue();
                        // A binary float stands for the decimal that prints as it (what was
                        // posted, before a lossy parse), not for its exact binary expansion.
                    case FLOAT -> finite(number.floatValue())
                            ? new BigDecimal(Float.toString(number.floatValue()))
                            : null;
                    case DOUBLE -> finite(number.doubleValue()) ? BigDecimal.valueOf(number.doubleValue()) : null;
                };
        if (value == null) {
            return null;
        }
        if (value.signum() == 0) {
            return "n0";
        }
        BigDecimal canonical = value.stripTrailingZeros();
        return "n" + canonical.unscaledValue() + "e" + (-(long) canonical.scale());
    }

    private static boolean finite(double value) {
        return Double.isFinite(value);
    }
}
