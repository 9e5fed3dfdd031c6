package dev.signalbox.gateway.main;

import dev.signalbox.gateway.auth.AdminKey;
import dev.signalbox.gateway.config.ConfigException;
import dev.signalbox.gateway.config.ConfigProblem;
import dev.signalbox.storage.RecoveryReport;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code signalbox [--data-dir DIR] [--port PORT]}: runs one node in the foreground until
 * SIGTERM or SIGINT, then stops it cleanly. Prints where the API is and how to get the admin key.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        if (java.util.Arrays.asList(args).contains("--help")
                || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(NodeConfig.usage());
            return;
        }
        NodeConfig config;
        try {
            config = NodeConfig.read(args, System.getenv(), properties());
        } catch (IllegalArgumentException e) {
            System.err.println("signalbox: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        SignalboxNode node;
        try {
            node = SignalboxNode.start(vertx, config).await(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            // The node has already stopped what it started and closed its store cleanly.
            Optional<ConfigException> broken = configProblem(e);
            if (broken.isPresent()) {
                System.err.print(brokenConfig(broken.get()));
            } else {
                System.err.println("signalbox: could not start: " + e);
            }
            System.err.flush();
            vertx.close().await(10, TimeUnit.SECONDS);
            System.exit(broken.isPresent() ? 2 : 1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, node), "signalbox-shutdown"));
        banner(System.out, node);
    }

    private static Optional<ConfigException> configProblem(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** One line per problem, each with its line, column and member, for a person at a terminal. */
    static String brokenConfig(ConfigException e) {
        StringBuilder text = new StringBuilder("signalbox: could not start: the configuration file ")
                .append(e.file())
                .append(" has ")
                .append(e.problems().size())
                .append(e.problems().size() == 1 ? " problem:" : " problems:")
                .append(System.lineSeparator());
        for (ConfigProblem problem : e.problems()) {
            text.append("  ").append(problem).append(System.lineSeparator());
        }
        return text.append("signalbox: the node did not start; its store was closed cleanly.")
                .append(System.lineSeparator())
                .toString();
    }

    private static void shutdown(Vertx vertx, SignalboxNode node) {
        try {
            node.stop().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("signalbox: unclean stop: " + e);
        }
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // The JVM is going away; nothing is left to protect.
        }
    }

    static void banner(PrintStream out, SignalboxNode node) {
        NodeConfig config = node.config();
        String base = "http://localhost:" + node.port();
        RecoveryReport recovery = node.recovery();
        out.println("Signalbox is ready.");
        out.println("  API:      " + base + "/v1");
        out.println("  Console:  " + base + "/ui/");
        out.println("  OpenAPI:  " + base + "/v1/openapi.json");
        out.println("  gRPC:     localhost:" + node.grpcPort() + " (signalbox.v1.Publisher, plaintext HTTP/2)");
        out.println("  Health:   " + base + "/health");
        out.println("  Data:     " + config.dataDir() + " (" + recovery.recordsRecovered() + " records recovered"
                + (recovery.cleanShutdown() ? "" : ", after an unclean stop")
                + (recovery.bytesTruncated() > 0
                        ? ", " + recovery.bytesTruncated() + " torn bytes cut: " + recovery.truncatedReason()
                        : "")
                + ")");
        AdminKey key = node.adminKey();
        switch (key.origin()) {
            case GENERATED -> out.println("  Admin key (generated, saved to "
                    + config.dataDir().resolve(AdminKey.FILE) + ", shown only now):\n    " + key.key());
            case FILE -> out.println("  Admin key: in " + config.dataDir().resolve(AdminKey.FILE));
            case ENVIRONMENT -> out.println("  Admin key: from SIGNALBOX_ADMIN_KEY");
        }
        out.println("  Try: curl -H \"Authorization: Bearer $KEY\" " + base + "/v1/buses");
        out.flush();
    }

    private static java.util.Map<String, String> properties() {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        System.getProperties().stringPropertyNames().forEach(n -> map.put(n, System.getProperty(n)));
        return map;
    }
}
