package dev.signalbox.connectors.limits;

import java.time.Duration;
import java.util.Optional;

/**
 * A circuit breaker over a target's attempts (closed, open, half-open, as in Nygard's "Release
 * It!"). Closed, attempts go through and their results are counted; after too many failures
 * (in a row, or as a share of the recent window) it opens, and for {@link
 * BreakerSettings#openFor()} attempts are refused at once with the time left until the probe, so
 * that a router re-schedules them instead of piling load on a failing receiver. Then one probe is
 * let through (half-open): success closes the circuit, failure opens it again.
 *
 * <p>Plain Java with an explicit clock (nanoseconds), so tests drive time. Threading: thread-safe
 * (synchronized; each call is a few field updates).
 */
public final class CircuitBreaker {

    /** What {@link #admit} decided. */
    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final BreakerSettings settings;
    private final boolean[] recent;
    private int recentCount;
    private int recentNext;
    private int recentFailures;
    private int consecutive;
    private State state = State.CLOSED;
    private long probeAtNanos;
    private boolean isProbing;

    public CircuitBreaker(BreakerSettings settings) {
        this.settings = settings;
        this.recent = new boolean[settings.window()];
    }

    public synchronized State state() {
        return state;
    }

    /**
     * Whether an attempt may go now: empty when it may (it is the probe when half-open), else
     * how long until the next probe.
     */
    public synchronized Optional<Duration> admit(long nowNanos) {
        if (state == State.CLOSED) {
            return Optional.empty();
        }
        if (state == State.OPEN && nowNanos - probeAtNanos >= 0) {
            state = State.HALF_OPEN;
            isProbing = false;
        }
        if (state == State.HALF_OPEN && !isProbing) {
            isProbing = true;
            return Optional.empty();
        }
        long wait = state == State.OPEN
                ? probeAtNanos - nowNanos
                : settings.openFor().toNanos();
        return Optional.of(Duration.ofNanos(Math.max(1_000_000, wait)));
    }

    public synchronized void success() {
        if (state == State.HALF_OPEN) {
            close();
            return;
        }
        consecutive = 0;
        remember(false);
    }

    public synchronized void failure(long nowNanos) {
        if (state == State.HALF_OPEN) {
            open(nowNanos);
            return;
        }
        if (state == State.OPEN) {
            return;
        }
        consecutive++;
        remember(true);
        boolean isWindowFull = recentCount == recent.length;
        if (consecutive >= settings.consecutiveFailures()
                || (isWindowFull && recentFailures >= settings.failureRatio() * recent.length)) {
            open(nowNanos);
        }
    }

    /** An admitted attempt ended without saying anything about the receiver (nothing was sent). */
    public synchronized void abandoned() {
        if (state == State.HALF_OPEN) {
            isProbing = false;
        }
    }

    private void open(long nowNanos) {
        state = State.OPEN;
        isProbing = false;
        probeAtNanos = nowNanos + settings.openFor().toNanos();
    }

    private void close() {
        state = State.CLOSED;
        isProbing = false;
        consecutive = 0;
        recentCount = 0;
        recentNext = 0;
        recentFailures = 0;
    }

    private void remember(boolean isFailure) {
        if (recentCount == recent.length && recent[recentNext]) {
            recentFailures--;
        }
        recent[recentNext] = isFailure;
        if (isFailure) {
            recentFailures++;
        }
        recentNext = (recentNext + 1) % recent.length;
        recentCount = Math.min(recentCount + 1, recent.length);
    }
}
