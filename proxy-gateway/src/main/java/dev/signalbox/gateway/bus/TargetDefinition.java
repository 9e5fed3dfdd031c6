package dev.signalbox.gateway.bus;

import java.net.URI;
import java.util.Objects;

/** One target of a rule: where matched events go and how hard to try. Immutable. */
public record TargetDefinition(String id, String type, URI url, RetryPolicy retryPolicy) {

    public static final String WEBHOOK = "webhook";

    public TargetDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
    }
}
