package dev.signalbox.gateway.auth;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>} of a known key. In this
 * first cut the only key is the admin key, which holds every role; tenants and per-key roles
 * come later. Keys are compared in constant time. Thread-safe.
 */
public final class ApiKeyAuth implements Handler<RoutingContext> {

    private static final String SCHEME = "bearer ";
    private final byte[] adminKey;

    public ApiKeyAuth(AdminKey adminKey) {
        this.adminKey = adminKey.key().getBytes(StandardCharsets.US_ASCII);
    }

    /** The id of the only key of this first cut; per-key ids come with tenants. */
    public static final String ADMIN_KEY_ID = "admin";

    private static final String KEY_ID = "signalbox.keyId";

    @Override
    public void handle(RoutingContext ctx) {
        check(ctx.request().getHeader("authorization")).ifPresentOrElse(ctx::fail, () -> {
            ctx.put(KEY_ID, ADMIN_KEY_ID);
            ctx.next();
        });
    }

    /** The id of the key the request was let in with (never the key itself). */
    public static String keyId(RoutingContext ctx) {
        String id = ctx.get(KEY_ID);
        return id == null ? ADMIN_KEY_ID : id;
    }

    /** The id of the key an {@code Authorization} value that passed {@link #check} names. */
    public String keyId(String header) {
        return ADMIN_KEY_ID;
    }

    /** Why an {@code Authorization} value (HTTP header or gRPC metadata) is refused, if it is. */
    public Optional<SignalboxException> check(String header) {
        if (header == null || header.isBlank()) {
            return Optional.of(new SignalboxException(
                    ErrorType.AUTH_MISSING, "Send the API key as 'Authorization: Bearer <key>'."));
        }
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.of(new SignalboxException(
                    ErrorType.AUTH_MISSING, "The Authorization header must use the Bearer scheme."));
        }
        byte[] given = header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, adminKey)) {
            return Optional.of(
                    new SignalboxException(ErrorType.AUTH_INVALID, "The API key is not one this node knows."));
        }
        return Optional.empty();
    }
}
