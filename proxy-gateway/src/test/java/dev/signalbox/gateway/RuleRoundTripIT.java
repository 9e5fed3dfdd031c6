package dev.signalbox.gateway;

import static dev.signalbox.gateway.DeliveryIT.deadLetters;
import static dev.signalbox.gateway.Posts.busWithRule;
import static dev.signalbox.gateway.Posts.deliveredIds;
import static dev.signalbox.gateway.Posts.post;
import static dev.signalbox.gateway.Posts.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.connectors.signing.SigningSecret;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule's GET form can be put back unchanged (read-only members accepted, secrets kept), and a
 * target's {@code state} means something: {@code disabled} stops its deliveries, {@code
 * enabled} turns it back on (also after a 410), anything else is a 400 naming the member; the
 * YAML file takes the same member.
 */
@ExtendWith(VertxExtension.class)
class RuleRoundTripIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theGetFormOfARulePutsBackUnchanged(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/rt", "{}").status());
            assertEquals(
                    201,
                    api.put(
                                    "/v1/connections/crm",
                                    "{\"authorization\":{\"type\":\"apiKey\",\"header\":\"x-key\",\"value\":\"v\"}}")
                            .status());
            String rule =
                    "{\"description\":\"all of it\",\"pattern\":{\"type\":[\"t\"],\"data\":{\"n\":[{\"numeric\":[\">\",1]}]}},"
                            + "\"targets\":[{\"id\":\"a\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/a\","
                            + "\"retryPolicy\":{\"maxAttempts\":3,\"maxEventAgeSeconds\":600,\"retryableStatuses\":[404]},"
                            + "\"transform\":{\"inputPath\":\"$.data\"},\"ordering\":{\"key\":\"subject\"},"
                            + "\"deadLetter\":{\"mode\":\"none\"},\"signing\":true,\"connection\":\"crm\","
                            + "\"limits\":{\"concurrency\":2,\"ratePerSecond\":5.5,\"timeoutMillis\":1000,\"circuitBreaker\":true}},"
                            + "{\"id\":\"b\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/b\",\"deliveryMode\":\"batched\","
                            + "\"batch\":{\"maxEvents\":10},\"signing\":{\"secret\":\""
                            + SigningSecret.generate().text()
                            + "\",\"previousSecret\":\""
                            + SigningSecret.generate().text() + "\"},\"state\":\"disabled\"}]}";
            Api.Response created = api.put("/v1/buses/rt/rules/r", rule);
            assertEquals(201, created.status(), created.text());
            SigningSecret secretA = secret(node, 0);
            SigningSecret secretB = secret(node, 1);

            JsonNode before = api.get("/v1/buses/rt/rules/r").json();
            assertEquals("whsec_****", before.at("/targets/0/signing/secret").asText(), before.toString());
            assertEquals("disabled", before.at("/targets/1/state").asText(), before.toString());
            Api.Response again = api.put("/v1/buses/rt/rules/r", before.toString());
            assertEquals(200, again.status(), again.text());
            assertEquals(before, again.json(), "the answer to the round trip is the rule as it was");
            assertEquals(before, api.get("/v1/buses/rt/rules/r").json(), "the rule is unchanged");
            assertEquals(secretA, secret(node, 0), "a generated secret is kept");
            assertEquals(secretB, secret(node, 1), "a given secret is kept");

            // Read-only members that name the rule must name this one.
            ObjectNode renamed = before.deepCopy();
            renamed.put("name", "other").put("bus", "elsewhere");
            Api.Response mismatch = api.put("/v1/buses/rt/rules/r", renamed.toString());
            assertEquals(400, mismatch.status(), mismatch.text());
            assertEquals(Set.of("/name", "/bus"), pointers(mismatch.json()));

            // A masked secret keeps nothing on a rule that has no such target.
            Api.Response masked = api.put("/v1/buses/rt/rules/fresh", before.toString());
            assertEquals(400, masked.status(), masked.text());
            assertTrue(pointers(masked.json()).contains("/targets/0/signing/secret"), masked.text());
        }
    }

    @Test
    void aTargetsStateIsHonouredAndCheckedWithItsPointer(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir);
                Receiver on = Receiver.accepting(vertx);
                Receiver off = Receiver.accepting(vertx)) {
            Api api = node.api();
            String enabledOff = webhook("off", off.url());
            String disabledOff = enabledOff.replace("}", ", \"state\": \"disabled\"}");
            busWithRule(api, "st", "r", "[" + webhook("on", on.url()) + ", " + disabledOff + "]");
            JsonNode rule = api.get("/v1/buses/st/rules/r").json();
            assertEquals("disabled", rule.at("/targets/1/state").asText(), rule.toString());
            assertTrue(rule.at("/targets/1/disabledReason").isMissingNode(), "only the node's reasons are shown");

            post(api, "st", "one", "s");
            post(api, "st", "two", "s");
            Eventually.await(WAIT, () -> deliveredIds(on).size() == 2, () -> "both events at the enabled target");
            Eventually.await(WAIT, () -> node.isRouted("st"), () -> "both events routed");
            assertEquals(0, off.attempts(), "a disabled target gets no deliveries");
            assertEquals(0, deadLetters(api, "st").size(), "and no dead letters");

            Posts.putRule(
                    api,
                    "st",
                    "r",
                    "[" + webhook("on", on.url()) + ", " + enabledOff.replace("}", ", \"state\": \"enabled\"}") + "]",
                    200);
            post(api, "st", "three", "s");
            Eventually.await(WAIT, () -> deliveredIds(off).contains("three"), () -> "delivery once enabled");
            assertEquals(Set.of("three"), deliveredIds(off));

            for (String bad : new String[] {"\"paused\"", "\"ENABLED\"", "false", "1"}) {
                Api.Response refused = api.put(
                        "/v1/buses/st/rules/r",
                        "{\"pattern\":{\"type\":[\"test.event\"]},\"targets\":["
                                + enabledOff.replace("}", ", \"state\": " + bad + "}") + "]}");
                assertEquals(400, refused.status(), bad + ": " + refused.text());
                assertEquals("request.invalid", refused.json().get("code").asText());
                assertEquals(Set.of("/targets/0/state"), pointers(refused.json()), bad);
            }
        }
    }

    @Test
    void enabledReEnablesATargetTheNodeDisabledAndTheGetFormKeepsItDisabled(Vertx vertx, @TempDir Path dir)
            throws Exception {
        try (Receiver gone = Receiver.start(vertx, n -> n < 1 ? 410 : 200);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            busWithRule(api, "g", "r", "[" + webhook("hook", gone.url()) + "]");
            post(api, "g", "first", "s");
            Eventually.await(WAIT, () -> deadLetters(api, "g").size() == 1, () -> "a dead letter for the 410");
            JsonNode disabled = api.get("/v1/buses/g/rules/r").json();
            String reason = disabled.at("/targets/0/disabledReason").asText();
            assertTrue(reason.startsWith("410 Gone at "), disabled.toString());

            // Put back as GET shows it: still disabled by the node, for the same reason.
            assertEquals(
                    200, api.put("/v1/buses/g/rules/r", disabled.toString()).status());
            assertEquals(disabled, api.get("/v1/buses/g/rules/r").json());
            post(api, "g", "second", "s");
            Eventually.await(WAIT, () -> deadLetters(api, "g").size() == 2, () -> "still gone: a dead letter");
            assertEquals("gone", deadLetters(api, "g").get(1).get("reason").asText());
            assertEquals(1, gone.attempts());

            ObjectNode enabled = disabled.deepCopy();
            ((ObjectNode) enabled.at("/targets/0")).put("state", "enabled");
            assertEquals(200, api.put("/v1/buses/g/rules/r", enabled.toString()).status());
            JsonNode after = api.get("/v1/buses/g/rules/r").json();
            assertEquals("enabled", after.at("/targets/0/state").asText());
            assertTrue(after.at("/targets/0/disabledReason").isMissingNode(), after.toString());
            post(api, "g", "third", "s");
            Eventually.await(WAIT, () -> deliveredIds(gone).contains("third"), () -> "delivery after enabled");
        }
    }

    @Test
    void theYamlFileTakesTheSameState(Vertx vertx, @TempDir Path dir) throws Exception {
        try (Receiver on = Receiver.accepting(vertx)) {
            Path file = dir.resolve("signalbox.yaml");
            String config =
                    """
                    buses:
                      y:
                        rules:
                          r:
                            pattern: {type: [test.event]}
                            targets:
                              - {id: up, type: webhook, url: "%s"}
                              - {id: down, type: webhook, url: "http://127.0.0.1:9/down", state: %s}
                    """;
            Files.writeString(file, config.formatted(on.url(), "disabled"), StandardCharsets.UTF_8);
            try (TestNode node = TestNode.withConfigFile(vertx, dir.resolve("data"), file)) {
                Api api = node.api();
                JsonNode rule = api.get("/v1/buses/y/rules/r").json();
                assertEquals("disabled", rule.at("/targets/1/state").asText(), rule.toString());
                post(api, "y", "one", "s");
                Eventually.await(WAIT, () -> deliveredIds(on).contains("one"), () -> "the enabled target");
                Eventually.await(WAIT, () -> node.isRouted("y"), () -> "routed");
                assertEquals(0, deadLetters(api, "y").size(), "the disabled target is skipped, not dead-lettered");
            }
            Files.writeString(file, config.formatted(on.url(), "paused"), StandardCharsets.UTF_8);
            Exception refused =
                    assertThrows(Exception.class, () -> TestNode.withConfigFile(vertx, dir.resolve("data2"), file)
                            .close());
            assertTrue(refused.getMessage().contains("/buses/y/rules/r/targets/1/state"), refused.getMessage());
            assertTrue(refused.getMessage().contains("line 8"), refused.getMessage());
        }
    }

    private static SigningSecret secret(TestNode node, int target) {
        return node.node()
                .catalog()
                .requireBus("rt")
                .rule("r")
                .orElseThrow()
                .definition()
                .targets()
                .get(target)
                .delivery()
                .signing()
                .orElseThrow()
                .secret();
    }

    private static Set<String> pointers(JsonNode problem) {
        Set<String> pointers = new TreeSet<>();
        problem.path("errors").forEach(e -> pointers.add(e.get("pointer").asText()));
        return pointers;
    }
}
