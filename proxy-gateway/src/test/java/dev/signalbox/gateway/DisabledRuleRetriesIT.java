package dev.signalbox.gateway;

import static dev.signalbox.gateway.DeliveryIT.deadLetters;
import static dev.signalbox.gateway.Posts.busWithRule;
import static dev.signalbox.gateway.Posts.deliveredIds;
import static dev.signalbox.gateway.Posts.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disabling a rule stops its pending retries (QA S9-4): each ends in the dead letters with reason
 * {@code disabled} when it comes due, without another request, for an unordered and an ordered
 * target; once the rule is enabled again the dead letters are redriven and delivered.
 */
@ExtendWith(VertxExtension.class)
class DisabledRuleRetriesIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void disablingARuleDeadLettersItsPendingRetries(Vertx vertx, @TempDir Path dir) throws Exception {
        AtomicBoolean accepting = new AtomicBoolean();
        try (Receiver broken = Receiver.start(vertx, n -> accepting.get() ? 200 : 500);
                TestNode node = TestNode.start(vertx, dir, Duration.ofMillis(50), Duration.ofMillis(200))) {
            Api api = node.api();
            String policy = ", \"retryPolicy\": {\"maxAttempts\": 185}";
            String plain = Posts.webhook("plain", broken.url() + "?t=plain").replace("}", policy + "}");
            String ordered = Posts.webhook("ordered", broken.url() + "?t=ordered")
                    .replace("}", policy + ", \"ordering\": {\"key\": \"subject\"}}");
            String targets = "[" + plain + ", " + ordered + "]";
            busWithRule(api, "rd", "r", targets);
            post(api, "rd", "rd1", "s");
            Eventually.await(WAIT, () -> broken.attempts() >= 6, () -> "a few failed attempts of both targets");

            String rule = "{\"state\": \"disabled\", \"pattern\": {\"type\": [\"test.event\"]}, \"targets\": " + targets
                    + "}";
            Api.Response disabled = api.put("/v1/buses/rd/rules/r", rule);
            assertEquals(200, disabled.status(), disabled.text());

            Eventually.await(WAIT, () -> deadLetters(api, "rd").size() == 2, () -> "both retries dead-lettered");
            List<JsonNode> letters = deadLetters(api, "rd");
            int attempted = 0;
            for (JsonNode letter : letters) {
                assertEquals("disabled", letter.get("reason").asText(), letter.toString());
                assertEquals(500, letter.get("lastStatus").asInt(), letter.toString());
                assertEquals(
                        "its rule is disabled (\"state\": \"disabled\")",
                        letter.get("lastError").asText(),
                        letter.toString());
                attempted += letter.get("attempts").asInt();
            }
            // Every request the receiver got is an attempt a dead letter counts: none after them.
            assertEquals(broken.attempts(), attempted, letters.toString());

            // Enabled again, the dead letters are redriven and delivered.
            accepting.set(true);
            Posts.putRule(api, "rd", "r", targets, 200);
            Api.Response redriven = api.post(
                    "/v1/buses/rd/dead-letters/redrive",
                    "application/json",
                    "{\"all\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.util.Map.of());
            assertEquals(200, redriven.status(), redriven.text());
            Eventually.await(
                    WAIT,
                    () -> broken.delivered().size() == 2 && deliveredIds(broken).contains("rd1"),
                    () -> "both redriven deliveries");
        }
    }
}
