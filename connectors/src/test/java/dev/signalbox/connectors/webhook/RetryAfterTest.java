package dev.signalbox.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse(" 120 ", NOW).orElseThrow());
    }

    @Test
    void readsAnHttpDate() {
        assertEquals(
                Duration.ofSeconds(90),
                RetryAfter.parse("Sat, 21 Nov 2026 10:01:30 GMT", NOW).orElseThrow());
    }

    @Test
    void aDateInThePastMeansNow() {
        assertEquals(
                Duration.ZERO,
                RetryAfter.parse("Sat, 21 Nov 2026 09:00:00 GMT", NOW).orElseThrow());
    }

    @Test
    void ignoresWhatItCannotRead() {
        assertTrue(RetryAfter.parse("soon", NOW).isEmpty());
        assertTrue(RetryAfter.parse("-5", NOW).isEmpty());
        assertTrue(RetryAfter.parse("", NOW).isEmpty());
        assertTrue(RetryAfter.parse(null, NOW).isEmpty());
        assertTrue(RetryAfter.parse("99999999999999999999999", NOW).isEmpty());
    }
}
