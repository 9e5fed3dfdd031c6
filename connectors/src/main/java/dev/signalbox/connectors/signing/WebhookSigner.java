package dev.signalbox.connectors.signing;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests as Standard Webhooks 1.0 asks: {@code webhook-id}, {@code
 * webhook-timestamp} (Unix seconds) and {@code webhook-signature}, which is {@code v1,} and the
 * base64 HMAC-SHA256 of {@code id.timestamp.body} under a secret's key.
 *
 * <p>During a rotation a target holds its new secret and the previous one, and each request
 * carries one signature per secret, space-separated, so that a receiver still on the old secret
 * and one already on the new both verify. The rotation ends when the previous secret is removed.
 *
 * <p>Immutable and thread-safe ({@link Mac} instances are made per call: they are not
 * thread-safe and cost a microsecond).
 */
public final class WebhookSigner {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    private final List<SigningSecret> secrets;
    private final Clock clock;

    public WebhookSigner(List<SigningSecret> secrets, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a signer needs at least one secret");
        }
        this.secrets = List.copyOf(secrets);
        this.clock = clock;
    }

    /** The three signature headers for a request with this id and body, signed now. */
    public Map<String, String> headers(String messageId, Buffer body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] prefix = (messageId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = body.getBytes();
        String signatures = secrets.stream()
                .map(secret -> "v1," + Base64.getEncoder().encodeToString(hmac(secret.key(), prefix, content)))
                .collect(Collectors.joining(" "));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, messageId);
        headers.put(TIMESTAMP, timestamp);
        headers.put(SIGNATURE, signatures);
        return headers;
    }

    private static byte[] hmac(byte[] key, byte[] prefix, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(content);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
