package dev.signalbox.benchmarks.rules;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A paired comparison for a noisy machine: several subjects (a build's benchmarks jar, a rule
 * count, a path) in one JVM, each in its own class loader, measured in alternating bursts.
 *
 * <p>Single-threaded; run it alone (under the bench lock). Each round runs one burst of every
 * subject, in a fresh random order, each burst matching events until the thread has used the
 * burst's CPU time; per-thread CPU time leaves out the time the scheduler gives to others, and
 * load that slows one round slows every subject of that round. The report gives each subject's
 * median events per CPU-second and, for every pair of subjects, the median and quartiles of the
 * per-round ratios. JMH measures one subject after another, so on a shared machine a change of
 * load between them shows up as a difference between them; here it mostly cancels.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.signalbox.benchmarks.rules.RulesPairedRun \
 *   [--rounds 30] [--burst-ms 100] LABEL=JAR:RULES:PATH ...
 * </pre>
 *
 * PATH is {@code tree}, {@code event}, {@code text} or {@code record} (see {@link PairedBurst});
 * JAR is a shaded {@code benchmarks.jar} of the build to measure (older builds are fine: the
 * subject class is defined from this jar into each build's loader and uses public API only).
 */
public final class RulesPairedRun {
    private static final String BURST = "dev.signalbox.benchmarks.rules.PairedBurst";

    private record Subject(String label, Object burst, Method run) {}

    private RulesPairedRun() {}

    public static void main(String[] args) throws Exception {
        int rounds = 30;
        long burstNanos = 100_000_000L;
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--burst-ms" -> burstNanos = Long.parseLong(args[++i]) * 1_000_000L;
                default -> specs.add(args[i]);
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("give at least one subject LABEL=JAR:RULES:PATH");
        }
        List<Subject> subjects = new ArrayList<>();
        for (String spec : specs) {
            subjects.add(load(spec));
        }
        int n = subjects.size();
        for (int warm = 0; warm < 3; warm++) { // compile every subject's path before measuring
            for (Subject subject : subjects) {
                subject.run.invoke(subject.burst, burstNanos * 5);
            }
        }
        double[][] rates = new double[n][rounds];
        Random random = new Random(7);
        List<Integer> order = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            order.add(s);
        }
        for (int r = 0; r < rounds; r++) {
            Collections.shuffle(order, random);
            for (int s : order) {
                long[] done = (long[]) subjects.get(s).run.invoke(subjects.get(s).burst, burstNanos);
                rates[s][r] = done[0] * 1e9 / done[1];
            }
        }
        System.out.printf(
                Locale.ROOT, "%d rounds, bursts of %d ms of thread CPU time%n", rounds, burstNanos / 1_000_000);
        for (int s = 0; s < n; s++) {
            double[] q = quartiles(rates[s]);
            System.out.printf(
                    Locale.ROOT,
                    "%-16s median %,10.0f events/s (quartiles %,.0f to %,.0f)%n",
                    subjects.get(s).label,
                    q[1],
                    q[0],
                    q[2]);
        }
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratio[r] = rates[a][r] / rates[b][r];
                }
                double[] q = quartiles(ratio);
                System.out.printf(
                        Locale.ROOT,
                        "%-16s / %-16s paired median %.2f (quartiles %.2f to %.2f)%n",
                        subjects.get(a).label,
                        subjects.get(b).label,
                        q[1],
                        q[0],
                        q[2]);
            }
        }
    }

    private static Subject load(String spec) throws Exception {
        int eq = spec.indexOf('=');
        String[] parts = spec.substring(eq + 1).split(":");
        if (eq < 0 || parts.length != 3) {
            throw new IllegalArgumentException("not LABEL=JAR:RULES:PATH: " + spec);
        }
        int rules = Integer.parseInt(parts[1]);
        RuleWorkload workload = new RuleWorkload(rules, 42);
        ClassLoader loader = new BuildLoader(Path.of(parts[0]).toUri().toURL(), burstBytes());
        Class<?> type = loader.loadClass(BURST);
        long start = System.nanoTime();
        Object burst = type.getConstructor(String[].class, String[].class, String.class)
                .newInstance(workload.rules.toArray(new String[0]), workload.events.toArray(new String[0]), parts[2]);
        System.out.printf(
                Locale.ROOT,
                "%s: %d rules of %s loaded in %.1f s%n",
                spec.substring(0, eq),
                rules,
                parts[0],
                (System.nanoTime() - start) / 1e9);
        return new Subject(spec.substring(0, eq), burst, type.getMethod("burst", long.class));
    }

    private static byte[] burstBytes() throws IOException {
        try (InputStream in = RulesPairedRun.class.getResourceAsStream("PairedBurst.class")) {
            return in.readAllBytes();
        }
    }

    private static double[] quartiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new double[] {at(sorted, 0.25), at(sorted, 0.5), at(sorted, 0.75)};
    }

    private static double at(double[] sorted, double q) {
        double x = q * (sorted.length - 1);
        int i = (int) x;
        return i + 1 < sorted.length ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    /** One build's classes, apart from every other build's; the subject class comes from this jar. */
    private static final class BuildLoader extends URLClassLoader {
        private final byte[] burst;

        BuildLoader(URL jar, byte[] burst) {
            super(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            this.burst = burst;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.equals(BURST)) {
                return defineClass(name, burst, 0, burst.length);
            }
            return super.findClass(name);
        }
    }
}
