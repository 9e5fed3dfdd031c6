package dev.signalbox.gateway.bus;

import dev.signalbox.rules.InputTransform;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One target of a rule: where matched events go, what they carry there ({@code transform}; the
 * original event unless one is given), how hard to try, where undeliverable events go, whether
 * deliveries are ordered by a key, and how they are sent ({@code delivery}). Immutable.
 *
 * @param deadLetter where undeliverable events go
 * @param ordering the key by which deliveries are ordered, when the target asks for order
 * @param disabledReason why the node disabled the target (a 410 Gone), when it did; putting the
 *     rule again re-enables it
 * @param delivery the content mode, limits, connection, signing and validation of the target
 */
public record TargetDefinition(
        String id,
        String type,
        URI url,
        RetryPolicy retryPolicy,
        InputTransform transform,
        DeadLetterPolicy deadLetter,
        Optional<OrderingKey> ordering,
        Optional<String> disabledReason,
        TargetDelivery delivery) {

    public static final String WEBHOOK = "webhook";

    public TargetDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(ordering, "ordering");
        Objects.requireNonNull(disabledReason, "disabledReason");
        Objects.requireNonNull(delivery, "delivery");
    }

    public TargetDefinition(String id, String type, URI url, RetryPolicy retryPolicy, InputTransform transform) {
        this(
                id,
                type,
                url,
                retryPolicy,
                transform,
                DeadLetterPolicy.BUS,
                Optional.empty(),
                Optional.empty(),
                TargetDelivery.DEFAULT);
    }

    public boolean isEnabled() {
        return disabledReason.isEmpty();
    }

    /** The same target, disabled for {@code reason}. */
    public TargetDefinition disabled(String reason) {
        return new TargetDefinition(
                id, type, url, retryPolicy, transform, deadLetter, ordering, Optional.of(reason), delivery);
    }

    /** This target with {@code other} delivery settings instead of its own. */
    public TargetDefinition withDelivery(TargetDelivery other) {
        return new TargetDefinition(id, type, url, retryPolicy, transform, deadLetter, ordering, disabledReason, other);
    }
}
