package dev.signalbox.rules.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Numbers the way aws/event-ruler 2.x reads them: a number is <em>comparable</em> when its
 * decimal value is exactly the binary64 double that {@link BigDecimal#valueOf(double)} prints
 * back (its {@code ComparableNumber}); comparable numbers are equal, ordered and range-tested
 * as doubles. Other numbers (more digits than a double holds, beyond its range) only equal
 * numbers of the same decimal value.
 *
 * <p>Stateless, thread-safe. event-ruler compares non-comparable numbers by their source text;
 * Jackson keeps no source text, so they compare here by exact decimal value instead ({@code
 * 1e400} equals {@code 10e399} here, not there). The test for comparability is event-ruler's
 * own expression, run on the same JDK, so both agree on every borderline double.
 */
public final class Numbers {
    /** Integers of at most 15 digits always pass the check (see {@link #comparable(BigDecimal)}). */
    private static final long EXACT_INT_LIMIT = 1_000_000_000_000_000L;

    private Numbers() {}

    /** The comparable double of a numeric node, or NaN when it has none. */
    public static double comparable(JsonNode number) {
        switch (number.numberType()) {
            case INT:
            case LONG:
                return comparable(number.longValue());
            case DOUBLE:
            case FLOAT:
                double binary = number.doubleValue();
                return Double.isFinite(binary) ? comparable(BigDecimal.valueOf(binary)) : Double.NaN;
            default:
                return comparable(number.decimalValue());
        }
    }

    /**
     * event-ruler's {@code ComparableNumber.generate} check, answering the double or NaN. A
     * decimal of at most 15 significant digits and a decimal exponent in [-300, 15] always passes
     * it (15 digits survive a trip through binary64, and in that range the JDK prints the double
     * back with those digits), so the costly round trip through {@link Double#toString} is only
     * taken outside that range. The range was checked against the full test on tens of millions of
     * random decimals (see NumbersTest); outside it, JDK 17's {@code Double.toString} does print
     * longer digits (2.147025E20 comes back as 2.1470249999999998E20, so event-ruler, and this
     * engine with it, does not compare that number).
     */
    public static double comparable(BigDecimal decimal) {
        int precision = decimal.precision();
        int exponent = precision - decimal.scale() - 1;
        if (precision <= 15 && exponent >= -300 && exponent <= 15) {
            double value = decimal.doubleValue();
            return value == 0 ? 0.0 : value;
        }
        return exactComparable(decimal);
    }

    /** The check exactly as event-ruler runs it. */
    static double exactComparable(BigDecimal decimal) {
        double value = decimal.doubleValue();
        if (!Double.isFinite(value) || BigDecimal.valueOf(value).compareTo(decimal) != 0) {
            return Double.NaN;
        }
        return value == 0 ? 0.0 : value; // no negative zero: BigDecimal has none
    }

    /** The comparable double of an integer, or NaN. */
    public static double comparable(long whole) {
        if (whole > -EXACT_INT_LIMIT && whole < EXACT_INT_LIMIT) {
            return whole;
        }
        return comparable(BigDecimal.valueOf(whole));
    }

    /** The text of a non-comparable number: its exact value, trailing zeros stripped. */
    public static String canonical(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.unscaledValue() + "e" + (-(long) stripped.scale());
    }

    /** The text of a non-comparable number: its exact value, trailing zeros stripped. */
    public static String canonical(JsonNode number) {
        if (number.isDouble() || number.isFloat()) {
            double binary = number.doubleValue();
            if (!Double.isFinite(binary)) {
                return Double.toString(binary);
            }
        }
        return canonical(number.decimalValue());
    }
}
