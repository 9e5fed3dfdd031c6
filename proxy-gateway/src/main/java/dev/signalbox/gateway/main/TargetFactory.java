package dev.signalbox.gateway.main;

import dev.signalbox.connectors.Target;
import dev.signalbox.connectors.TargetAddressPolicy;
import dev.signalbox.connectors.auth.ConnectionClient;
import dev.signalbox.connectors.limits.DeliveryGate;
import dev.signalbox.connectors.limits.LimitedTarget;
import dev.signalbox.connectors.signing.WebhookSigner;
import dev.signalbox.connectors.webhook.AddressCheck;
import dev.signalbox.connectors.webhook.BatchingTarget;
import dev.signalbox.connectors.webhook.DeliveryMode;
import dev.signalbox.connectors.webhook.WebhookEndpoint;
import dev.signalbox.connectors.webhook.WebhookTarget;
import dev.signalbox.gateway.bus.TargetDefinition;
import dev.signalbox.gateway.bus.TargetDelivery;
import dev.signalbox.gateway.bus.TargetDelivery.Limits;
import dev.signalbox.gateway.connection.ConnectionCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the live target of a target definition: the webhook endpoint with its address check,
 * connection and signer; the binary, structured or batching target around it; and the limits
 * gate when the target asks for one. Each rule activation builds new targets, so a changed rule
 * starts with fresh limits and breaker. Thread-safe.
 */
final class TargetFactory {

    private final Vertx vertx;
    private final HttpClient client;
    private final AddressCheck addresses;
    private final Duration defaultTimeout;
    private final ConnectionCatalog connections;

    TargetFactory(
            Vertx vertx,
            HttpClient client,
            TargetAddressPolicy policy,
            Duration defaultTimeout,
            ConnectionCatalog connections) {
        this.vertx = vertx;
        this.client = client;
        this.addresses = AddressCheck.system(vertx, policy);
        this.defaultTimeout = defaultTimeout;
        this.connections = connections;
    }

    Target build(TargetDefinition definition) {
        TargetDelivery delivery = definition.delivery();
        Duration timeout = delivery.limits().flatMap(Limits::timeout).orElse(defaultTimeout);
        WebhookEndpoint endpoint = new WebhookEndpoint(
                vertx,
                client,
                definition.url(),
                timeout,
                addresses,
                connection(delivery.connection()),
                delivery.signing().map(s -> new WebhookSigner(s.secrets(), Clock.systemUTC())));
        Optional<DeliveryGate> gate =
                delivery.limits().filter(Limits::isGated).map(l -> new DeliveryGate(vertx, l.gate()));
        if (delivery.mode() == DeliveryMode.BATCHED) {
            return new BatchingTarget(definition.id(), endpoint, delivery.batchLimits(), vertx, gate);
        }
        Target target = new WebhookTarget(definition.id(), delivery.mode(), endpoint);
        return gate.<Target>map(g -> new LimitedTarget(target, g)).orElse(target);
    }

    /** Looks the connection up at each delivery, so a redefined connection applies at once. */
    private Supplier<Optional<ConnectionClient>> connection(Optional<String> name) {
        if (name.isEmpty()) {
            return Optional::empty;
        }
        String wanted = name.get();
        return () -> Optional.of(
                connections.client(wanted).orElseThrow(() -> new WebhookEndpoint.MissingConnection(wanted)));
    }
}
