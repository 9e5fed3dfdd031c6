package dev.signalbox.gateway.bus;

import dev.signalbox.rules.InputTransform;
import java.net.URI;
import java.util.Objects;

/**
 * One target of a rule: where matched events go, what they carry there ({@code transform}; the
 * original event unless one is given) and how hard to try. Immutable.
 */
public record TargetDefinition(String id, String type, URI url, RetryPolicy retryPolicy, InputTransform transform) {

    public static final String WEBHOOK = "webhook";

    public TargetDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(transform, "transform");
    }
}
