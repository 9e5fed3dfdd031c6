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
 * @param disabled why the target is disabled, when it is: its rule says so ({@code "state":
 *     "disabled"}), or the node disabled it after a 410 Gone; putting the rule again without
 *     {@code "state": "disabled"} re-enables it
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
        Optional<Disabled> disabled,
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
        Objects.requireNonNull(disabled, "disabled");
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

    /**
     * Why a target is disabled. A target its rule disables gets nothing: its matches are not
     * routed at all. One the node disabled after a 410 Gone is gone: its matches become dead
     * letters, so that they can be redriven once the receiver is back.
     *
     * @param reason why, for dead letters and (when the node disabled it) the API's {@code
     *     disabledReason}
     * @param isGone whether the node disabled it (a 410 Gone), rather than its rule
     */
    public record Disabled(String reason, boolean isGone) {
        /** Disabled by its rule ({@code "state": "disabled"}). */
        public static final Disabled BY_RULE = new Disabled("disabled by its rule (\"state\": \"disabled\")", false);

        public Disabled {
            Objects.requireNonNull(reason, "reason");
        }
    }

    public boolean isEnabled() {
        return disabled.isEmpty();
    }

    /** Disabled by the node after a 410 Gone (not by its rule). */
    public boolean isGone() {
        return disabled.filter(Disabled::isGone).isPresent();
    }

    /** Disabled by its rule ({@code "state": "disabled"}): matches are not routed to it. */
    public boolean isDisabledByRule() {
        return disabled.filter(d -> !d.isGone()).isPresent();
    }

    /** Why the target is disabled, when it is. */
    public Optional<String> disabledReason() {
        return disabled.map(Disabled::reason);
    }

    /** The same target, disabled by the node for {@code reason} (a 410 Gone). */
    public TargetDefinition disabled(String reason) {
        return withDisabled(Optional.of(new Disabled(reason, true)));
    }

    /** The same target, enabled or disabled as {@code state} says. */
    public TargetDefinition withDisabled(Optional<Disabled> state) {
        return new TargetDefinition(id, type, url, retryPolicy, transform, deadLetter, ordering, state, delivery);
    }

    /** This target with {@code other} delivery settings instead of its own. */
    public TargetDefinition withDelivery(TargetDelivery other) {
        return new TargetDefinition(id, type, url, retryPolicy, transform, deadLetter, ordering, disabled, other);
    }
}
