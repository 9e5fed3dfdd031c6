package dev.signalbox.gateway.main;

import dev.signalbox.gateway.router.RouterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a node is configured with, read once in {@code main} and passed down. Immutable.
 *
 * <p>Sources, later ones winning: defaults, environment ({@code SIGNALBOX_PORT}), system
 * properties ({@code -Dsignalbox.port}), command line ({@code --port}). Nothing below {@code
 * main} reads the environment.
 */
public record NodeConfig(
        Path dataDir,
        String host,
        int port,
        int grpcPort,
        Optional<String> adminKey,
        boolean allowsPrivateTargets,
        int maxEventBytes,
        int maxBatchEntries,
        int rateLimitPerKey,
        int segmentBytes,
        int storeWriteQueue,
        long residentLogBytes,
        Duration deliveryTimeout,
        RouterConfig router,
        Optional<Path> configFile,
        Duration idleTimeout) {

    /** How long the API's HTTP server keeps a connection on which nothing moves; 0 never closes one. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** How much of the CommitLog, behind its writer, the store keeps in memory (see broker-storage's README). */
    public static final long RESIDENT_LOG_BYTES = 1L << 30;

    /** Each setting: its command-line flag (also the system property and environment name). */
    private enum Setting {
        DATA_DIR("data-dir", "./data"),
        HOST("host", "0.0.0.0"),
        PORT("port", "8080"),
        // Unset: the port after --port (8081 beside 8080), or any free port when --port is 0, so
        // nodes given different --port values never clash on gRPC.
        GRPC_PORT("grpc-port", null, "--port + 1 (any free port with --port 0)"),
        ADMIN_KEY("admin-key", null),
        ALLOW_PRIVATE_TARGETS("allow-private-targets", "false"),
        MAX_EVENT_BYTES("max-event-bytes", String.valueOf(256 * 1024)),
        MAX_BATCH_ENTRIES("max-batch-entries", "1000"),
        RATE_LIMIT_PER_KEY("rate-limit-per-key", "0"),
        SEGMENT_BYTES("segment-bytes", String.valueOf(1 << 30)),
        STORE_WRITE_QUEUE("store-write-queue", "8192"),
        RESIDENT_LOG_MB("resident-log-mb", String.valueOf(RESIDENT_LOG_BYTES >> 20)),
        DELIVERY_TIMEOUT_MS("delivery-timeout-ms", "10000"),
        IDLE_TIMEOUT_MS("idle-timeout-ms", String.valueOf(IDLE_TIMEOUT.toMillis())),
        RETRY_BASE_DELAY_MS("retry-base-delay-ms", "1000"),
        RETRY_MAX_DELAY_MS("retry-max-delay-ms", "300000"),
        CONFIG("config", null);

        final String flag;
        final String fallback;
        /** How usage shows the default. */
        final String shownDefault;

        Setting(String flag, String fallback) {
            this(flag, fallback, fallback == null ? "(none)" : fallback);
        }

        Setting(String flag, String fallback, String shownDefault) {
            this.flag = flag;
            this.fallback = fallback;
            this.shownDefault = shownDefault;
        }

        String environmentName() {
            return "SIGNALBOX_" + name();
        }

        String propertyName() {
            return "signalbox." + flag;
        }
    }

    public NodeConfig {
        if (port < 0 || port > 65_535 || grpcPort < 0 || grpcPort > 65_535) {
            throw new IllegalArgumentException("ports must be within 0..65535");
        }
        if (maxBatchEntries < 1 || rateLimitPerKey < 0) {
            throw new IllegalArgumentException(
                    "max-batch-entries must be positive and rate-limit-per-key not negative");
        }
        if (maxEventBytes < 64 * 1024) {
            throw new IllegalArgumentException("max-event-bytes must be at least 65536 (CloudEvents asks for 64 KiB)");
        }
        if (residentLogBytes < 0) {
            throw new IllegalArgumentException(
                    "resident-log-mb must not be negative (0 keeps the whole log to the kernel)");
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "idle-timeout-ms must not be negative (0 never closes an idle connection)");
        }
    }

    /** Reads the configuration; throws {@link IllegalArgumentException} naming a bad setting. */
    public static NodeConfig read(String[] args, Map<String, String> environment, Map<String, String> properties) {
        Map<Setting, String> values = new HashMap<>();
        for (Setting s : Setting.values()) {
            String value = properties.getOrDefault(
                    s.propertyName(), environment.getOrDefault(s.environmentName(), s.fallback));
            if (value != null) {
                values.put(s, value);
            }
        }
        parseArgs(args, values);
        int port = integer(values, Setting.PORT);
        return new NodeConfig(
                Path.of(values.get(Setting.DATA_DIR)).toAbsolutePath().normalize(),
                values.get(Setting.HOST),
                port,
                values.containsKey(Setting.GRPC_PORT) ? integer(values, Setting.GRPC_PORT) : grpcPortBeside(port),
                Optional.ofNullable(values.get(Setting.ADMIN_KEY)).filter(k -> !k.isBlank()),
                bool(values, Setting.ALLOW_PRIVATE_TARGETS),
                integer(values, Setting.MAX_EVENT_BYTES),
                integer(values, Setting.MAX_BATCH_ENTRIES),
                integer(values, Setting.RATE_LIMIT_PER_KEY),
                integer(values, Setting.SEGMENT_BYTES),
                integer(values, Setting.STORE_WRITE_QUEUE),
                (long) integer(values, Setting.RESIDENT_LOG_MB) << 20,
                Duration.ofMillis(integer(values, Setting.DELIVERY_TIMEOUT_MS)),
                new RouterConfig(
                        RouterConfig.DEFAULTS.maxInFlightEvents(),
                        RouterConfig.DEFAULTS.readBatch(),
                        Duration.ofMillis(integer(values, Setting.RETRY_BASE_DELAY_MS)),
                        Duration.ofMillis(integer(values, Setting.RETRY_MAX_DELAY_MS))),
                Optional.ofNullable(values.get(Setting.CONFIG))
                        .filter(c -> !c.isBlank())
                        .map(c -> Path.of(c).toAbsolutePath().normalize()),
                Duration.ofMillis(integer(values, Setting.IDLE_TIMEOUT_MS)));
    }

    private static void parseArgs(String[] args, Map<Setting, String> values) {
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                unknown.add(arg);
                continue;
            }
            String flag = arg.substring(2);
            String value = null;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            Setting setting = byFlag(flag);
            if (setting == null) {
                unknown.add(arg);
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + flag + " needs a value");
                }
                value = args[++i];
            }
            values.put(setting, value);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown argument(s): " + String.join(" ", unknown) + "\n" + usage());
        }
    }

    private static Setting byFlag(String flag) {
        for (Setting s : Setting.values()) {
            if (s.flag.equals(flag)) {
                return s;
            }
        }
        return null;
    }

    public static String usage() {
        StringBuilder usage = new StringBuilder("usage: signalbox [--data-dir DIR] [--port PORT] [options]\n");
        for (Setting s : Setting.values()) {
            usage.append(String.format(
                    Locale.ROOT,
                    "  --%-24s env %-40s default %s%n",
                    s.flag + " V",
                    s.environmentName(),
                    s.shownDefault));
        }
        return usage.toString();
    }

    /** The gRPC port when none is set: the next one after the HTTP port, or any free one with 0. */
    static int grpcPortBeside(int port) {
        if (port == 0) {
            return 0;
        }
        if (port == 65_535) {
            throw new IllegalArgumentException(
                    "--port 65535 leaves no port after it for gRPC; set --grpc-port (0 for any free port)");
        }
        return port + 1;
    }

    private static int integer(Map<Setting, String> values, Setting setting) {
        try {
            return Integer.parseInt(values.get(setting).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + setting.flag + " must be an integer, not '" + values.get(setting) + "'");
        }
    }

    private static boolean bool(Map<Setting, String> values, Setting setting) {
        String value = values.get(setting).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("--" + setting.flag + " must be true or false, not '" + value + "'");
        }
        return value.equals("true");
    }
}
