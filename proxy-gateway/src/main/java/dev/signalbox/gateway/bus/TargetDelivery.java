package dev.signalbox.gateway.bus;

import dev.signalbox.connectors.limits.BreakerSettings;
import dev.signalbox.connectors.limits.TargetLimits;
import dev.signalbox.connectors.signing.SigningSecret;
import dev.signalbox.connectors.webhook.BatchLimits;
import dev.signalbox.connectors.webhook.DeliveryMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How a target's events are sent: the content mode (and batch limits), the target's own limits,
 * the connection whose credentials go along, the signing secrets, and whether the receiver must
 * pass the CloudEvents validation handshake first. Immutable.
 */
public record TargetDelivery(
        DeliveryMode mode,
        Optional<BatchLimits> batch,
        Optional<Limits> limits,
        Optional<String> connection,
        Optional<Signing> signing,
        boolean isValidated) {

    public static final TargetDelivery DEFAULT = new TargetDelivery(
            DeliveryMode.BINARY, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false);

    public TargetDelivery {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(signing, "signing");
    }

    /** The batch limits in force (the defaults unless given). */
    public BatchLimits batchLimits() {
        return batch.orElse(BatchLimits.DEFAULTS);
    }

    /**
     * The target's limits as given; unset members are unlimited (the timeout then is the node's).
     */
    public record Limits(
            OptionalInt concurrency,
            OptionalInt queue,
            OptionalDouble ratePerSecond,
            Optional<Duration> timeout,
            Optional<BreakerSettings> breaker) {

        /** Whether anything but the timeout is limited, so a gate is needed. */
        public boolean isGated() {
            return concurrency.isPresent() || ratePerSecond.isPresent() || breaker.isPresent();
        }

        public TargetLimits gate() {
            return new TargetLimits(
                    concurrency.orElse(1_000_000), queue.orElse(TargetLimits.DEFAULT_QUEUE), ratePerSecond, breaker);
        }
    }

    /**
     * The Standard Webhooks signing secrets: the current one and, during a rotation, the
     * previous one. {@code isGenerated} marks a secret made for {@code "signing": true}, which
     * an update keeps rather than replaces (so re-sending the same rule body does not rotate).
     */
    public record Signing(SigningSecret secret, Optional<SigningSecret> previous, boolean isGenerated) {

        public Signing {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(previous, "previous");
        }

        public List<SigningSecret> secrets() {
            List<SigningSecret> all = new ArrayList<>(List.of(secret));
            previous.ifPresent(all::add);
            return all;
        }
    }

    /** This delivery with a generated signing secret replaced by {@code existing}'s, if it has one. */
    public TargetDelivery keepingSecretOf(TargetDelivery existing) {
        if (signing.isPresent() && signing.get().isGenerated() && existing.signing.isPresent()) {
            Signing kept = existing.signing.get();
            return new TargetDelivery(
                    mode,
                    batch,
                    limits,
                    connection,
                    Optional.of(new Signing(kept.secret(), kept.previous(), true)),
                    isValidated);
        }
        return this;
    }

    /** Equal settings, where a generated secret matches any secret (the file says only "sign"). */
    public boolean isSameAs(TargetDelivery other) {
        TargetDelivery a = keepingSecretOf(other);
        TargetDelivery b = other.keepingSecretOf(this);
        return a.mode == b.mode
                && a.batch.equals(b.batch)
                && a.limits.equals(b.limits)
                && a.connection.equals(b.connection)
                && a.isValidated == b.isValidated
                && a.signing.map(Signing::secrets).equals(b.signing.map(Signing::secrets));
    }
}
