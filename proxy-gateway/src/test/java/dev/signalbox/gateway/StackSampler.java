package dev.signalbox.gateway;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The names of the threads seen running one method, found by sampling every thread's stack: how
 * the off-loop tests prove where work runs without timing anything. Thread-safe: one sampling
 * thread adds names while the test thread asks.
 */
final class StackSampler {

    private static final String WORKER = "vert.x-worker-thread";

    /**
     * A sample stops every thread at a safepoint and copies every stack; back to back they would
     * take a whole core of a 2-core machine from the node under test.
     */
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final String className;
    private final String methodName;
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    StackSampler(String className, String methodName) {
        this.className = className;
        this.methodName = methodName;
    }

    /**
     * Samples every thread's stack for {@code samplers} while {@code step} runs again and again,
     * until it returns true or {@code deadline} passes (then the test fails saying {@code what}).
     */
    static void watching(Set<StackSampler> samplers, Duration deadline, BooleanSupplier step, Supplier<String> what)
            throws InterruptedException {
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                Thread.getAllStackTraces().forEach((thread, stack) -> samplers.forEach(s -> s.look(thread, stack)));
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        });
        sampler.start();
        try {
            Eventually.await(deadline, step, what);
        } finally {
            sampling.set(false);
            sampler.join();
        }
    }

    private void look(Thread thread, StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(className) && frame.getMethodName().equals(methodName)) {
                threads.add(thread.getName());
                return;
            }
        }
    }

    boolean hasSeen() {
        return !threads.isEmpty();
    }

    boolean isOnlyOnWorkers() {
        return threads.stream().allMatch(name -> name.startsWith(WORKER));
    }

    @Override
    public String toString() {
        return className.substring(className.lastIndexOf('.') + 1) + "." + methodName + " on " + threads;
    }
}
