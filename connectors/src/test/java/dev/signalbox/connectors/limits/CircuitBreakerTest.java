package dev.signalbox.connectors.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.limits.CircuitBreaker.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void opensAfterConsecutiveFailuresAndSaysWhenTheProbeIs() {
        CircuitBreaker breaker = new CircuitBreaker(new BreakerSettings(3, 1.0, 10, Duration.ofSeconds(30)));
        for (int i = 0; i < 2; i++) {
            assertTrue(breaker.admit(0).isEmpty());
            breaker.failure(0);
        }
        breaker.success();
        for (int i = 0; i < 3; i++) {
            assertTrue(breaker.admit(i * SECOND).isEmpty());
            breaker.failure(i * SECOND);
        }
        assertEquals(State.OPEN, breaker.state());
        assertEquals(Duration.ofSeconds(20), breaker.admit(12 * SECOND).orElseThrow());
    }

    @Test
    void opensOnTheFailureRatioOfAFullWindow() {
        CircuitBreaker breaker = new CircuitBreaker(new BreakerSettings(100, 0.5, 10, Duration.ofSeconds(30)));
        for (int i = 0; i < 9; i++) {
            if (i % 2 == 0) {
                breaker.failure(0);
            } else {
                breaker.success();
            }
        }
        assertEquals(State.CLOSED, breaker.state(), "5 of 9: the window is not full yet");
        breaker.success();
        assertEquals(State.CLOSED, breaker.state(), "5 of 10 after a success: at the ratio only on a failure");
        breaker.failure(0);
        assertEquals(State.OPEN, breaker.state(), "6 failures in the last 10");
    }

    @Test
    void halfOpenLetsOneProbeThroughThenClosesOnSuccess() {
        CircuitBreaker breaker = new CircuitBreaker(new BreakerSettings(1, 1.0, 10, Duration.ofSeconds(10)));
        breaker.failure(0);
        assertTrue(breaker.admit(9 * SECOND).isPresent());
        assertTrue(breaker.admit(10 * SECOND).isEmpty(), "the probe");
        assertEquals(State.HALF_OPEN, breaker.state());
        assertTrue(breaker.admit(10 * SECOND).isPresent(), "only one probe at a time");
        breaker.success();
        assertEquals(State.CLOSED, breaker.state());
        assertTrue(breaker.admit(10 * SECOND).isEmpty());
    }

    @Test
    void aFailedProbeOpensItAgainForAnotherPeriod() {
        CircuitBreaker breaker = new CircuitBreaker(new BreakerSettings(1, 1.0, 10, Duration.ofSeconds(10)));
        breaker.failure(0);
        assertTrue(breaker.admit(10 * SECOND).isEmpty());
        breaker.failure(11 * SECOND);
        assertEquals(State.OPEN, breaker.state());
        assertEquals(Duration.ofSeconds(9), breaker.admit(12 * SECOND).orElseThrow());
    }

    @Test
    void anAbandonedProbeLetsTheNextOneThrough() {
        CircuitBreaker breaker = new CircuitBreaker(new BreakerSettings(1, 1.0, 10, Duration.ofSeconds(10)));
        breaker.failure(0);
        assertTrue(breaker.admit(10 * SECOND).isEmpty());
        breaker.abandoned();
        assertTrue(breaker.admit(10 * SECOND).isEmpty());
    }
}
