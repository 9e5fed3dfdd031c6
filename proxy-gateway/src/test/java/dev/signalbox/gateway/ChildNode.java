package dev.signalbox.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node in its own process, started the way a user starts one ({@code bin/signalbox}), so that
 * it can be killed for real. Its output goes to a file, read for the port it prints.
 */
final class ChildNode implements AutoCloseable {

    private static final String BANNER_END = "  Try: ";
    private static final Pattern API_LINE = Pattern.compile("API:\\s+http://localhost:(\\d+)/v1");
    private static final Pattern GRPC_LINE = Pattern.compile("gRPC:\\s+localhost:(\\d+) ");
    /** Any free ports, unless a test gives its own port arguments. */
    private static final List<String> ANY_PORTS = List.of("--port", "0", "--grpc-port", "0");

    private final Process process;
    private final Path log;
    private final int port;
    private final int grpcPort;

    private ChildNode(Process process, Path log, int port, int grpcPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.grpcPort = grpcPort;
    }

    /** How a node that was expected to stop by itself ended: its exit code and all it printed. */
    record Exit(int code, String output) {}

    static ChildNode start(Path dataDir, Path logDir, String name) throws Exception {
        return startWith(dataDir, logDir, name, ANY_PORTS);
    }

    /** A node started with {@code portArgs} (e.g. {@code --port 9000}) instead of any free ports. */
    static ChildNode startWith(Path dataDir, Path logDir, String name, List<String> portArgs) throws Exception {
        Path log = logDir.resolve(name + ".log");
        Process process = launch(dataDir, log, portArgs);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Matcher api = API_LINE.matcher(output);
            Matcher grpc = GRPC_LINE.matcher(output);
            // The banner's last line says it is complete; the API line alone may come first.
            if (output.contains(BANNER_END) && api.find() && grpc.find()) {
                return new ChildNode(process, log, Integer.parseInt(api.group(1)), Integer.parseInt(grpc.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited with " + process.exitValue() + ":\n" + output(log));
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the node did not start:\n" + output(log));
    }

    /** Runs a node that should not start (a broken setting, say) until it exits by itself. */
    static Exit run(Path dataDir, Path logDir, String name, List<String> extraArgs) throws Exception {
        List<String> args = new ArrayList<>(ANY_PORTS);
        args.addAll(extraArgs);
        return runWith(dataDir, logDir, name, args);
    }

    /** As {@link #run}, with {@code args} alone: no port arguments but those given. */
    static Exit runWith(Path dataDir, Path logDir, String name, List<String> args) throws Exception {
        Path log = logDir.resolve(name + ".log");
        Process process = launch(dataDir, log, args);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the node did not exit by itself:\n" + output(log));
        }
        return new Exit(process.exitValue(), output(log));
    }

    /** bin/signalbox as a user runs it, on loopback, its output (both streams) going to {@code log}. */
    private static Process launch(Path dataDir, Path log, List<String> extraArgs) throws IOException {
        Path script = repositoryRoot().resolve("bin/signalbox");
        List<String> command =
                new ArrayList<>(List.of(script.toString(), "--data-dir", dataDir.toString(), "--host", "127.0.0.1"));
        command.addAll(extraArgs);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The build that runs this test has just packaged the jar; never start a nested build.
        builder.environment().put("SIGNALBOX_NO_BUILD", "true");
        builder.environment().put("SIGNALBOX_ADMIN_KEY", TestNode.KEY);
        builder.environment().put("SIGNALBOX_ALLOW_PRIVATE_TARGETS", "true");
        builder.environment().put("SIGNALBOX_RETRY_BASE_DELAY_MS", "20");
        builder.environment().put("SIGNALBOX_RETRY_MAX_DELAY_MS", "200");
        return builder.start();
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bin/signalbox"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "bin/signalbox not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    Api api() {
        return new Api(port, TestNode.KEY);
    }

    /** The HTTP port the node printed. */
    int port() {
        return port;
    }

    /** The gRPC port the node printed. */
    int grpcPort() {
        return grpcPort;
    }

    /** SIGKILL: no shutdown hook, no final flush, no clean-shutdown marker. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String output() {
        return output(log);
    }

    private static String output(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** SIGTERM, and wait for the clean stop. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
