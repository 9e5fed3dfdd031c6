package dev.signalbox.connectors.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.Hook;
import dev.signalbox.connectors.TargetAddressPolicy;
import dev.signalbox.connectors.TestEvents;
import dev.signalbox.connectors.webhook.AddressCheck;
import dev.signalbox.connectors.webhook.DeliveryMode;
import dev.signalbox.connectors.webhook.WebhookEndpoint;
import dev.signalbox.connectors.webhook.WebhookTarget;
import dev.signalbox.core.Event;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deliveries verified the way a receiver following the Standard Webhooks specification would,
 * with this test's own verifier (below), not with the production signer.
 */
@ExtendWith(VertxExtension.class)
class SignedDeliveryTest {

    private Vertx vertx;
    private Context context;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    @Test
    void aReceiverVerifiesTheSignatureWithItsSecret() throws Exception {
        SigningSecret secret = SigningSecret.generate();
        try (Hook hook = Hook.answering(vertx, 200)) {
            WebhookTarget target = target(hook, List.of(secret), DeliveryMode.STRUCTURED);
            Event event = TestEvents.rich("signed-1");
            deliver(target, event);
            deliver(target, event);
            Hook.Seen first = hook.seen().get(0);
            assertTrue(Verifier.verifies(secret.text(), first));
            assertFalse(Verifier.verifies(SigningSecret.generate().text(), first), "another secret fails");
            long timestamp = Long.parseLong(first.header("webhook-timestamp"));
            assertTrue(Math.abs(timestamp - System.currentTimeMillis() / 1000) <= 5);
            assertEquals(
                    first.header("webhook-id"),
                    hook.seen().get(1).header("webhook-id"),
                    "the same event sent again keeps its webhook-id, so receivers can drop the duplicate");
            assertTrue(first.header("webhook-id").startsWith("msg_"));
        }
    }

    @Test
    void aTamperedBodyOrTimestampFailsVerification() {
        SigningSecret secret = SigningSecret.generate();
        try (Hook hook = Hook.answering(vertx, 200)) {
            deliver(target(hook, List.of(secret), DeliveryMode.BINARY), TestEvents.rich("signed-2"));
            Hook.Seen seen = hook.seen().get(0);
            byte[] body = seen.body().clone();
            body[2] ^= 1;
            assertFalse(Verifier.verifies(
                    secret.text(), new Hook.Seen(seen.method(), seen.uri(), seen.headers(), body, seen.atNanos())));
            io.vertx.core.MultiMap headers =
                    io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(seen.headers());
            headers.set("webhook-timestamp", Long.toString(Long.parseLong(seen.header("webhook-timestamp")) + 1));
            assertFalse(Verifier.verifies(
                    secret.text(), new Hook.Seen(seen.method(), seen.uri(), headers, seen.body(), seen.atNanos())));
        }
    }

    @Test
    void duringARotationBothSecretsVerifyAndAfterItOnlyTheNewOne() {
        SigningSecret old = SigningSecret.generate();
        SigningSecret fresh = SigningSecret.generate();
        try (Hook hook = Hook.answering(vertx, 200)) {
            deliver(target(hook, List.of(old), DeliveryMode.BINARY), TestEvents.minimal("before"));
            deliver(target(hook, List.of(fresh, old), DeliveryMode.BINARY), TestEvents.minimal("during"));
            deliver(target(hook, List.of(fresh), DeliveryMode.BINARY), TestEvents.minimal("after"));
            List<Hook.Seen> seen = hook.seen();

            assertTrue(Verifier.verifies(old.text(), seen.get(0)));
            assertFalse(Verifier.verifies(fresh.text(), seen.get(0)));

            assertEquals(2, seen.get(1).header("webhook-signature").split(" ").length);
            assertTrue(Verifier.verifies(old.text(), seen.get(1)), "a receiver still on the old secret");
            assertTrue(Verifier.verifies(fresh.text(), seen.get(1)), "a receiver already on the new one");

            assertFalse(Verifier.verifies(old.text(), seen.get(2)), "the old secret no longer verifies");
            assertTrue(Verifier.verifies(fresh.text(), seen.get(2)));
        }
    }

    @Test
    void secretsMustBeWhsecAndTheRightSize() {
        assertThrows(IllegalArgumentException.class, () -> SigningSecret.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> SigningSecret.parse("whsec_not base64!"));
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThrows(IllegalArgumentException.class, () -> SigningSecret.parse("whsec_" + short16));
        String ok = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals(ok, SigningSecret.parse(ok).text());
        assertFalse(SigningSecret.generate()
                .toString()
                .contains(SigningSecret.generate().text().substring(6)));
    }

    private void deliver(WebhookTarget target, Event event) {
        assertTrue(Hook.await(context, () -> target.deliver(event)).isDelivered());
    }

    private WebhookTarget target(Hook hook, List<SigningSecret> secrets, DeliveryMode mode) {
        WebhookEndpoint endpoint = new WebhookEndpoint(
                vertx,
                vertx.createHttpClient(),
                hook.uri(),
                Duration.ofSeconds(5),
                AddressCheck.system(vertx, new TargetAddressPolicy(true)),
                Optional::empty,
                Optional.of(new WebhookSigner(secrets, Clock.systemUTC())));
        return new WebhookTarget("signed", mode, endpoint);
    }

    /**
     * A receiver's check, written from the Standard Webhooks text: the secret is the base64 after
     * "whsec_"; the signed content is "{webhook-id}.{webhook-timestamp}.{raw body}"; the header
     * holds space-delimited "v1,{base64 HMAC-SHA256}" signatures, any one of which may match,
     * compared in constant time.
     */
    static final class Verifier {

        static boolean verifies(String whsec, Hook.Seen request) {
            try {
                byte[] key = Base64.getDecoder().decode(whsec.substring("whsec_".length()));
                String id = request.header("webhook-id");
                String timestamp = request.header("webhook-timestamp");
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                byte[] expected = mac.doFinal(request.body());
                for (String signature : request.header("webhook-signature").split(" ")) {
                    int comma = signature.indexOf(',');
                    if (comma < 0 || !signature.substring(0, comma).equals("v1")) {
                        continue;
                    }
                    byte[] given = Base64.getDecoder().decode(signature.substring(comma + 1));
                    if (MessageDigest.isEqual(expected, given)) {
                        return true;
                    }
                }
                return false;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
