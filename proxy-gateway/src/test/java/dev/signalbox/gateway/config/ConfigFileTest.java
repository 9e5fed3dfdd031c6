package dev.signalbox.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileTest {

    private static final String GOOD =
            """
            buses:
              orders:
                flush: sync
                rules:
                  gold:
                    pattern:
                      type: [order.created]
                      data: {tier: [gold]}
                    targets:
                      - {id: crm, type: webhook, url: "https://crm.example.com/hook"}
              audit: {}
            """;

    @Test
    void readsBusesAndTheirRules() throws Exception {
        DeclaredConfig config = ConfigFile.parse("f.yaml", bytes(GOOD));
        assertEquals(2, config.buses().size());
        assertEquals("gold", config.buses().get("orders").rules().get("gold").name());
        assertTrue(config.buses().get("audit").rules().isEmpty());
    }

    /** An editor's save shows an empty file for a moment; it must not read as "no buses". */
    @ParameterizedTest
    @ValueSource(strings = {"", "  \n\n", "# only a comment\n  # and another\n", "---\n", "~\n"})
    void aFileWithoutADocumentIsAProblem(String content) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse("f.yaml", bytes(content)));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).message().contains("no YAML document"), e.getMessage());
        assertTrue(e.problems().get(0).message().contains("buses: {}"), "says how to remove every bus");
        assertTrue(e.getMessage().startsWith("f.yaml: "), e.getMessage());
    }

    @Test
    void emptyBusesDeclareNothing() throws Exception {
        assertTrue(ConfigFile.parse("f.yaml", bytes("buses: {}\n")).buses().isEmpty());
    }

    @Test
    void everyProblemIsReportedWithItsLine() {
        String broken = GOOD.replace("flush: sync", "flush: sometimes")
                .replace("data: {tier: [gold]}", "data: {tier: gold}")
                .replace("id: crm", "id: 'no spaces allowed'");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse("f.yaml", bytes(broken)));
        List<ConfigProblem> problems = e.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertProblem(problems, "/buses/orders/flush", 3);
        assertProblem(problems, "/buses/orders/rules/gold/pattern/data/tier", 8);
        assertProblem(problems, "/buses/orders/rules/gold/targets/0/id", 10);
    }

    @Test
    void filtersAndTemplatesThatCanNeverWorkAreReportedWithTheirLine() {
        String broken =
                """
                buses:
                  orders:
                    rules:
                      sql:
                        filter: {cesql: "NOSUCH(type) = 'x'"}
                        targets:
                          - {id: a, type: webhook, url: "https://a.example.com/hook"}
                      counted:
                        filter: {cesql: "retries + 1"}
                        targets:
                          - {id: a, type: webhook, url: "https://a.example.com/hook"}
                      templated:
                        pattern: {type: [order.created]}
                        targets:
                          - id: a
                            type: webhook
                            url: "https://a.example.com/hook"
                            transform:
                              inputTransformer:
                                inputPathsMap: {id: $.data.id}
                                inputTemplate: '{"id": <id>, "who": <customer>}'
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse("f.yaml", bytes(broken)));
        List<ConfigProblem> problems = e.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertProblem(problems, "/buses/orders/rules/sql/filter/cesql", 5);
        assertProblem(problems, "/buses/orders/rules/counted/filter/cesql", 9);
        assertProblem(problems, "/buses/orders/rules/templated/targets/0/transform/inputTransformer/inputTemplate", 21);
        assertTrue(problems.toString().contains("no function NOSUCH"), problems.toString());
        assertTrue(problems.toString().contains("never a Boolean"), problems.toString());
        assertTrue(problems.toString().contains("<customer>"), problems.toString());
    }

    @Test
    void aKeyGivenTwiceIsAProblemWithItsLine() {
        String twice = "buses:\n  orders:\n    flush: async\n    flush: sync\n";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse("f.yaml", bytes(twice)));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertEquals(4, e.problems().get(0).line(), e.problems().toString());
        assertTrue(e.problems().get(0).message().contains("flush"), e.problems().toString());
    }

    @Test
    void brokenYamlSaysWhere() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> ConfigFile.parse("f.yaml", bytes("buses:\n  orders: [\n   flush")));
        assertTrue(e.problems().get(0).line() >= 2, e.problems().toString());
    }

    @Test
    void unknownKeysAreNamed() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> ConfigFile.parse("f.yaml", bytes("busses:\n  orders: {}\n")));
        assertEquals("/busses", e.problems().get(0).pointer());
        assertEquals(1, e.problems().get(0).line());
    }

    private static void assertProblem(List<ConfigProblem> problems, String pointer, int line) {
        ConfigProblem problem = problems.stream()
                .filter(p -> p.pointer().equals(pointer))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + pointer + " in " + problems));
        assertEquals(line, problem.line(), problem.toString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
