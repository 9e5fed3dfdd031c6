package dev.signalbox.rules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path of {@link Numbers#comparable(BigDecimal)} answers as event-ruler's full check. */
class NumbersTest {
    @Test
    void fastPathAgreesWithTheFullCheck() {
        Random random = new Random(11);
        for (int i = 0; i < 1_000_000; i++) {
            int digits = 1 + random.nextInt(17);
            long unscaled = 0;
            for (int k = 0; k < digits; k++) {
                unscaled = unscaled * 10 + random.nextInt(10);
            }
            int scale = random.nextInt(2) == 0 ? random.nextInt(40) - 20 : random.nextInt(660) - 330;
            BigDecimal decimal = BigDecimal.valueOf(random.nextBoolean() ? unscaled : -unscaled, scale);
            double fast = Numbers.comparable(decimal);
            double full = Numbers.exactComparable(decimal);
            assertEquals(Double.doubleToLongBits(full), Double.doubleToLongBits(fast), decimal.toString());
        }
    }

    @Test
    void knownAnswers() {
        assertEquals(0.1, Numbers.comparable(new BigDecimal("0.1")));
        assertEquals(5.0, Numbers.comparable(new BigDecimal("50e-1")));
        assertEquals(0.0, Numbers.comparable(new BigDecimal("-0.0")));
        assertTrue(Double.isNaN(Numbers.comparable(new BigDecimal("0.30000000000000001"))));
        assertTrue(Double.isNaN(Numbers.comparable(new BigDecimal("1e400"))));
        // JDK 17 prints this double with more digits than it needs, so event-ruler cannot compare it.
        assertTrue(Double.isNaN(Numbers.comparable(new BigDecimal("2.147025E20"))));
        assertEquals(1e15 - 1, Numbers.comparable(999_999_999_999_999L));
        assertTrue(Double.isNaN(Numbers.comparable(9_007_199_254_740_993L)));
    }
}
