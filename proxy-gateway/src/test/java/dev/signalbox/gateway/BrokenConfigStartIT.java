package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/signalbox --config FILE} with a broken file: the node does not start, says which
 * file, line and problem, exits non-zero, and closes its store cleanly, so the next start is a
 * clean one and not a recovery after a crash. Nothing is logged as if a running configuration
 * stayed in force: there is none yet.
 */
class BrokenConfigStartIT {

    @Test
    void aFileThatDoesNotParseStopsTheStartCleanly(@TempDir Path dir) throws Exception {
        ChildNode.Exit exit = refusedStart(
                dir,
                "broken",
                List.of(
                        "buses:",
                        "  orders:",
                        "    flush: sync",
                        "    rules:",
                        "      gold:",
                        "        pattern: {type: [order.created]"));

        assertTrue(exit.output().contains("line 6"), "names the line: " + exit.output());
        assertTrue(exit.output().contains("expected ',' or '}'"), "says what is wrong: " + exit.output());
        assertStoppedCleanly(dir, exit);
    }

    @Test
    void aFileWithABadValueNamesItsLineAndMember(@TempDir Path dir) throws Exception {
        ChildNode.Exit exit = refusedStart(dir, "bad-value", List.of("buses:", "  orders:", "    flush: sometimes"));

        assertTrue(exit.output().contains("line 3"), "names the line: " + exit.output());
        assertTrue(exit.output().contains("/buses/orders/flush"), "names the member: " + exit.output());
        assertStoppedCleanly(dir, exit);
    }

    /** A file with no document (here only a comment) is a problem, not "declare nothing". */
    @Test
    void aFileWithoutADocumentStopsTheStartCleanly(@TempDir Path dir) throws Exception {
        ChildNode.Exit exit = refusedStart(dir, "empty", List.of("# buses come later"));

        assertTrue(exit.output().contains("no YAML document"), "says what is wrong: " + exit.output());
        assertTrue(exit.output().contains("buses: {}"), "says how to declare no bus: " + exit.output());
        assertStoppedCleanly(dir, exit);
    }

    /**
     * Problems the node finds once the file has parsed, here a target on loopback (the node is
     * started without private targets) and a connection nobody declared, also name their line.
     */
    @Test
    void problemsFoundAfterParsingNameTheirLinesToo(@TempDir Path dir) throws Exception {
        ChildNode.Exit exit = refusedStart(
                dir,
                "targets",
                List.of(
                        "buses:",
                        "  orders:",
                        "    rules:",
                        "      gold:",
                        "        pattern: {type: [order.created]}",
                        "        targets:",
                        "          - {id: crm, type: webhook, url: \"http://127.0.0.1:9/crm\"}",
                        "          - id: erp",
                        "            type: webhook",
                        "            url: \"http://127.0.0.1:9/erp\"",
                        "            connection: erp"),
                "--allow-private-targets",
                "false");

        assertTrue(exit.output().contains(dir.resolve("targets.yaml") + " has 3 problems"), exit.output());
        assertTrue(
                exit.output().contains("line 7, column 38: /buses/orders/rules/gold/targets/0/url 127.0.0.1 resolves"),
                exit.output());
        assertTrue(
                exit.output().contains("line 10, column 13: /buses/orders/rules/gold/targets/1/url 127.0.0.1 resolves"),
                exit.output());
        assertTrue(
                exit.output()
                        .contains("line 11, column 13: /buses/orders/rules/gold/targets/1/connection there is no"
                                + " connection named 'erp'"),
                exit.output());
        assertStoppedCleanly(dir, exit);
    }

    /**
     * Writes {@code lines} to {@code NAME.yaml} in {@code dir}, runs {@code bin/signalbox --config}
     * on it (and {@code extraArgs}) with its store in {@code dir/data}, and checks that the start
     * was refused with exit code 2, naming the file.
     */
    private static ChildNode.Exit refusedStart(Path dir, String name, List<String> lines, String... extraArgs)
            throws Exception {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("--config", config.toString()));
        args.addAll(List.of(extraArgs));
        ChildNode.Exit exit = ChildNode.run(dir.resolve("data"), dir, name, args);
        assertEquals(2, exit.code(), exit.output());
        assertTrue(exit.output().contains(config.toString()), "names the file: " + exit.output());
        return exit;
    }

    /** What every refused start must also show: no word of a running node, and a clean store after it. */
    private static void assertStoppedCleanly(Path dir, ChildNode.Exit exit) throws Exception {
        assertNoMisleadingWarning(exit.output());
        assertNextStartIsClean(dir);
    }

    private static void assertNoMisleadingWarning(String output) {
        assertFalse(output.contains("WARN"), "no warning as if a running configuration stayed: " + output);
        assertFalse(output.contains("running configuration stays"), output);
        assertFalse(output.contains("Signalbox is ready"), output);
    }

    private static void assertNextStartIsClean(Path dir) throws Exception {
        try (ChildNode node = ChildNode.start(dir.resolve("data"), dir, "after")) {
            assertEquals(200, node.api().get("/v1/buses").status());
            assertTrue(node.output().contains("clean shutdown true"), node.output());
            assertFalse(node.output().contains("after an unclean stop"), node.output());
        }
    }
}
