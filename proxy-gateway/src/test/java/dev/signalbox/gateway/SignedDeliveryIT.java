package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.webhook.BinaryMode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule whose target uses a connection (API key and extra header) and a signing secret, end to
 * end through a node: the receiver gets authenticated requests it can verify, the secrets never
 * come back through the API and are not in clear anywhere in the data directory, and they still
 * work after a restart.
 */
@ExtendWith(VertxExtension.class)
class SignedDeliveryIT {

    private static final String API_KEY = "k-7f3a9c-never-shown";

    @Test
    void signedAuthenticatedDeliveryWithSecretsKeptSecret(Vertx vertx, @TempDir Path dir) throws Exception {
        List<Api.Response> responses = new ArrayList<>();
        String signingSecret;
        try (Receiver receiver = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            Api.Response created = api.put(
                    "/v1/connections/crm",
                    """
                    {"description": "CRM webhooks",
                     "authorization": {"type": "apiKey", "header": "x-api-key", "value": "%s"},
                     "headers": {"x-tenant": "acme"}, "queryParameters": {"source": "signalbox"}}"""
                            .formatted(API_KEY));
            responses.add(created);
            assertEquals(201, created.status(), created.text());
            assertEquals("****", created.json().at("/authorization/value").textValue());
            responses.add(api.get("/v1/connections/crm"));
            responses.add(api.get("/v1/connections"));
            assertEquals(
                    "crm", responses.get(2).json().at("/connections/0/name").textValue());

            assertEquals(
                    201, api.put("/v1/buses/orders", "{\"flush\":\"sync\"}").status());
            Api.Response rule = api.put(
                    "/v1/buses/orders/rules/crm",
                    """
                    {"pattern": {"type": ["order.created"]},
                     "targets": [{"id": "crm", "type": "webhook", "url": "%s",
                                  "connection": "crm", "signing": true}]}"""
                            .formatted(receiver.url()));
            assertEquals(201, rule.status(), rule.text());
            // The generated secret is shown once, in the answer to the request that made it.
            signingSecret = rule.json().at("/targets/0/signing/secret").textValue();
            assertTrue(signingSecret.startsWith("whsec_") && signingSecret.length() > 30, signingSecret);
            Api.Response again = api.get("/v1/buses/orders/rules/crm");
            responses.add(again);
            assertEquals(
                    "whsec_****", again.json().at("/targets/0/signing/secret").textValue());
            responses.add(api.get("/v1/buses/orders/rules"));

            post(api, "o-1");
            Eventually.await(Duration.ofSeconds(10), () -> receiver.delivered().size() == 1, () -> "one delivery");
            Receiver.Request request = receiver.delivered().get(0);
            assertEquals(API_KEY, request.header("x-api-key"));
            assertEquals("acme", request.header("x-tenant"));
            assertEquals("o-1", BinaryMode.decode(request.header("ce-id")));
            assertTrue(verifies(signingSecret, request), "the signature verifies with the secret shown at creation");

            // Re-sending the same body keeps the secret (signing: true does not rotate).
            Api.Response unchanged = api.put(
                    "/v1/buses/orders/rules/crm",
                    """
                    {"pattern": {"type": ["order.created"]},
                     "targets": [{"id": "crm", "type": "webhook", "url": "%s",
                                  "connection": "crm", "signing": true}]}"""
                            .formatted(receiver.url()));
            responses.add(unchanged);
            assertEquals(200, unchanged.status());
            assertEquals(
                    "whsec_****",
                    unchanged.json().at("/targets/0/signing/secret").textValue());

            // A connection in use cannot be deleted.
            Api.Response inUse = api.delete("/v1/connections/crm");
            responses.add(inUse);
            assertEquals(409, inUse.status());
            assertEquals("connection.in-use", inUse.json().get("code").textValue());
        }

        for (Api.Response response : responses) {
            assertFalse(response.text().contains(API_KEY), "the API key came back: " + response.text());
            assertFalse(response.text().contains(signingSecret.substring(6)), "the signing secret came back");
        }
        assertNotInClear(dir, API_KEY);
        assertNotInClear(dir, signingSecret.substring(6));
        assertTrue(Files.exists(dir.resolve("secrets.key")));

        // After a restart the sealed secrets open again and deliveries stay signed and authenticated.
        try (Receiver receiver = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(
                    200,
                    api.put(
                                    "/v1/buses/orders/rules/crm",
                                    """
                                    {"pattern": {"type": ["order.created"]},
                                     "targets": [{"id": "crm", "type": "webhook", "url": "%s",
                                                  "connection": "crm", "signing": true}]}"""
                                            .formatted(receiver.url()))
                            .status());
            post(api, "o-2");
            Eventually.await(Duration.ofSeconds(10), () -> receiver.delivered().size() == 1, () -> "one delivery");
            Receiver.Request request = receiver.delivered().get(0);
            assertEquals(API_KEY, request.header("x-api-key"));
            assertTrue(verifies(signingSecret, request), "the same secret signs after the restart");
        }
    }

    @Test
    void rotationSignsWithBothSecretsUntilThePreviousIsDropped(Vertx vertx, @TempDir Path dir) throws Exception {
        String old = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
        String fresh = "whsec_" + Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());
        try (Receiver receiver = Receiver.accepting(vertx);
                TestNode node = TestNode.start(vertx, dir)) {
            Api api = node.api();
            assertEquals(201, api.put("/v1/buses/b", "{}").status());
            // Each event is delivered before the secrets change again: a rule change applies to
            // the deliveries made after it.
            putRule(api, receiver, "{\"secret\": \"%s\"}".formatted(old));
            postAndAwait(api, receiver, "r-1", 1);
            putRule(api, receiver, "{\"secret\": \"%s\", \"previousSecret\": \"%s\"}".formatted(fresh, old));
            postAndAwait(api, receiver, "r-2", 2);
            putRule(api, receiver, "{\"secret\": \"%s\"}".formatted(fresh));
            postAndAwait(api, receiver, "r-3", 3);
            Map<String, Receiver.Request> byId = new java.util.HashMap<>();
            receiver.delivered().forEach(r -> byId.put(BinaryMode.decode(r.header("ce-id")), r));
            assertTrue(verifies(old, byId.get("r-1")));
            assertFalse(verifies(fresh, byId.get("r-1")));
            assertTrue(verifies(old, byId.get("r-2")), "during the rotation the old secret verifies");
            assertTrue(verifies(fresh, byId.get("r-2")), "and so does the new one");
            assertFalse(verifies(old, byId.get("r-3")), "after it, the old one no longer does");
            assertTrue(verifies(fresh, byId.get("r-3")));
        }
    }

    private static void putRule(Api api, Receiver receiver, String signing) {
        Api.Response put = api.put(
                "/v1/buses/b/rules/r",
                """
                {"pattern": {"type": ["order.created"]},
                 "targets": [{"id": "t", "type": "webhook", "url": "%s", "signing": %s}]}"""
                        .formatted(receiver.url(), signing));
        assertTrue(put.status() == 200 || put.status() == 201, put.text());
        assertFalse(put.text().contains(signing.substring(20, 40)), "a given secret is never shown back");
    }

    private static void postAndAwait(Api api, Receiver receiver, String id, int delivered) {
        post(api, id);
        Eventually.await(
                Duration.ofSeconds(10), () -> receiver.delivered().size() == delivered, () -> id + " delivered");
    }

    private static void post(Api api, String id) {
        String bus = id.startsWith("o-") ? "orders" : "b";
        Api.Response response = api.postEvent(
                bus, BinaryEvent.json(id, "{\"total\": 12}").withSource("/shop").withType("order.created"));
        assertEquals(202, response.status(), response.text());
    }

    /** No file under the data directory holds the secret's bytes. */
    private static void assertNotInClear(Path dir, String secret) throws IOException {
        // ISO-8859-1 maps each byte to one char, so indexOf finds the secret's UTF-8 bytes.
        String needle = new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        int files = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files++;
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(needle), file + " holds a secret in clear");
            }
        }
        assertTrue(files > 3, "the data directory was searched");
    }

    /**
     * A receiver's verification, written from the Standard Webhooks text: key = base64-decode of
     * the secret after "whsec_"; signed content = "{webhook-id}.{webhook-timestamp}.{body}";
     * the header carries space-separated "v1,{base64 HMAC-SHA256}" entries, any of which may match.
     */
    private static boolean verifies(String secret, Receiver.Request request) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        mac.update((request.header("webhook-id") + "." + request.header("webhook-timestamp") + ".")
                .getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(request.body());
        for (String entry : request.header("webhook-signature").split(" ")) {
            if (entry.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
                return true;
            }
        }
        return false;
    }
}
