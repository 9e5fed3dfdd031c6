package dev.signalbox.gateway.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signalbox.gateway.bus.BusState.ActiveRule;
import dev.signalbox.gateway.bus.BusState.Routing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A bus's route mark against a router deciding, on its own thread, that the bus is idle. The
 * router thread is let in while the mark of the first enabled rule is taken, and the rule is made
 * visible only after (in between, the catalog writes it with its mark), with two events stored
 * meanwhile (after the mark): whatever the router decides then must not pass those events unread. Each test lets the router go as far as it can (it
 * blocks, waits or finishes) before the put carries on, so the interleaving is the same on
 * every run.
 */
class BusStateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final IngestLimits LIMITS = new IngestLimits(256 * 1024, 1000, 4_096_000, 64 * 1024);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void anIdleEndTakenWhileTheFirstRuleIsPutNeverPassesItsMark() throws Exception {
        BusState bus = new BusState(bus(), LIMITS, Map.of(), 0);
        AtomicLong end = new AtomicLong(10);
        CountDownLatch appended = new CountDownLatch(1);
        CompletableFuture<OptionalLong> passed = new CompletableFuture<>();
        // The router reads the topic's end only once the two events are stored.
        Thread router = new Thread(() -> passed.complete(bus.idleEnd(() -> {
            awaitQuietly(appended);
            return end.get();
        })));

        long mark = bus.holdMark(() -> {
            long now = end.get();
            router.start();
            awaitStuckOrDone(router, passed);
            end.addAndGet(2);
            appended.countDown();
            return now;
        });
        OptionalLong seen = passed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        // The rule is written with its mark now (BusCatalog), then made visible.
        assertEquals(OptionalLong.of(10), bus.idleEnd(end::get), "held: the router stops at the mark");
        boolean started = bus.putRule(rule(), mark);

        assertTrue(started, "the bus's first enabled rule");
        assertEquals(10, bus.routeFrom());
        assertTrue(
                seen.isEmpty() || seen.getAsLong() <= bus.routeFrom(),
                "the router would pass events stored after the mark " + bus.routeFrom() + ": up to " + seen);
    }

    @Test
    void anEventReadWhileTheFirstRuleIsPutIsReadAgainWhenItIsPastTheMark() throws Exception {
        BusState bus = new BusState(bus(), LIMITS, Map.of(), 0);
        CompletableFuture<Routing> routed = new CompletableFuture<>();
        // Offset 10 is the first event stored after the mark of 10.
        Thread router = new Thread(() -> routed.complete(bus.routing(10)));

        long mark = bus.holdMark(() -> {
            router.start();
            awaitStuckOrDone(router, routed);
            return 10;
        });
        assertEquals(Routing.LATER, routed.get(WAIT.toSeconds(), TimeUnit.SECONDS), "the rule will see event 10");
        assertEquals(Routing.PASSED, bus.routing(9), "event 9 is before the mark");
        assertEquals(Routing.LATER, bus.routing(11));

        bus.putRule(rule(), mark);
        assertEquals(Routing.ROUTED, bus.routing(10), "event 10 is after the mark: the rule sees it");
        assertEquals(Routing.PASSED, bus.routing(9));
    }

    @Test
    void aMarkReleasedBecauseTheRuleWasNotWrittenHoldsNothing() {
        BusState bus = new BusState(bus(), LIMITS, Map.of(), 0);
        bus.holdMark(() -> 5);
        assertEquals(OptionalLong.of(5), bus.idleEnd(() -> 9));
        bus.releaseMark();
        assertEquals(OptionalLong.of(9), bus.idleEnd(() -> 9));
        assertEquals(Routing.PASSED, bus.routing(7));
    }

    @Test
    void aBusLoadedWithItsRulesRoutesFromItsStoredMarkAndAnIdleOneFromItsEnd() {
        BusState loaded = new BusState(bus(), LIMITS, Map.of("r", rule()), 0);
        assertEquals(Routing.ROUTED, loaded.routing(0));
        assertEquals(OptionalLong.empty(), loaded.idleEnd(() -> 7));

        BusState marked = new BusState(bus(), LIMITS, Map.of("r", rule()), 21);
        assertEquals(Routing.PASSED, marked.routing(20), "stored before the rule's mark");
        assertEquals(Routing.ROUTED, marked.routing(21));

        BusState idle = new BusState(bus(), LIMITS, Map.of(), 0);
        assertEquals(OptionalLong.of(7), idle.idleEnd(() -> 7));
        assertFalse(
                idle.putRule(new ActiveRule(disabled(), List.of()), idle.routeFrom()),
                "a disabled rule starts nothing");
        assertEquals(Routing.PASSED, idle.routing(8));
    }

    private static BusDefinition bus() {
        return DefinitionJson.readBus("b", JSON.createObjectNode(), "bus.b", Instant.EPOCH);
    }

    private static ActiveRule rule() {
        return new ActiveRule(ruleDefinition("enabled"), List.of());
    }

    private static RuleDefinition ruleDefinition(String state) {
        try {
            return DefinitionJson.readRule(
                    "b",
                    "r",
                    JSON.readTree("{\"state\": \"" + state + "\", \"pattern\": {\"type\": [\"t\"]}, \"targets\":"
                            + " [{\"id\": \"h\", \"type\": \"webhook\", \"url\": \"https://example.com/h\"}]}"),
                    Instant.EPOCH);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuleDefinition disabled() {
        return ruleDefinition("disabled");
    }

    /** Until the thread is blocked or waiting (it went as far as it can), or has answered. */
    private static void awaitStuckOrDone(Thread thread, CompletableFuture<?> answer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!answer.isDone()) {
            Thread.State state = thread.getState();
            if (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the router thread neither stopped nor answered: " + state);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the events were never stored");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
