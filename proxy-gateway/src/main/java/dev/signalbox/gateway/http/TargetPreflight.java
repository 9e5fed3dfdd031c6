package dev.signalbox.gateway.http;

import dev.signalbox.connectors.webhook.ValidationHandshake;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.RuleDefinition;
import dev.signalbox.gateway.bus.TargetDefinition;
import dev.signalbox.gateway.bus.TargetDelivery;
import dev.signalbox.gateway.connection.ConnectionCatalog;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a rule's targets against the world before the rule is stored: every connection they
 * name exists, and every target created with {@code "validation": true} passes the CloudEvents
 * web hook validation handshake ({@link ValidationHandshake}). A refusal is a 4xx problem naming
 * each failing target's JSON Pointer. Runs after {@link TargetGuard}, so the handshake only goes
 * to addresses the node may call. Thread-safe.
 */
public final class TargetPreflight {

    /** What the node calls itself in {@code WebHook-Request-Origin}. */
    public static final String ORIGIN = "signalbox";

    private final HttpClient client;
    private final ConnectionCatalog connections;
    private final Duration timeout;

    public TargetPreflight(HttpClient client, ConnectionCatalog connections, Duration timeout) {
        this.client = client;
        this.connections = connections;
        this.timeout = timeout;
    }

    public Future<RuleDefinition> check(RuleDefinition rule) {
        List<Violation> missing = new ArrayList<>();
        for (int i = 0; i < rule.targets().size(); i++) {
            Optional<String> name = rule.targets().get(i).delivery().connection();
            if (name.isPresent() && connections.get(name.get()).isEmpty()) {
                missing.add(new Violation(
                        "/targets/" + i + "/connection", "there is no connection named '" + name.get() + "'"));
            }
        }
        if (!missing.isEmpty()) {
            return Future.failedFuture(
                    new SignalboxException(ErrorType.TARGET_INVALID, "A target names a missing connection.", missing));
        }
        List<Future<Void>> handshakes = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < rule.targets().size(); i++) {
            TargetDefinition target = rule.targets().get(i);
            TargetDelivery delivery = target.delivery();
            if (delivery.isValidated()) {
                Optional<Integer> perMinute = delivery.limits()
                        .flatMap(l -> l.ratePerSecond().isPresent()
                                ? Optional.of((int) Math.ceil(l.ratePerSecond().getAsDouble() * 60))
                                : Optional.empty());
                handshakes.add(ValidationHandshake.run(
                        client,
                        target.url(),
                        ORIGIN,
                        timeout,
                        delivery.connection().flatMap(connections::client),
                        perMinute));
                indexes.add(i);
            }
        }
        if (handshakes.isEmpty()) {
            return Future.succeededFuture(rule);
        }
        return Future.join(handshakes).transform(done -> {
            List<Violation> refused = new ArrayList<>();
            for (int k = 0; k < handshakes.size(); k++) {
                if (handshakes.get(k).failed()) {
                    refused.add(new Violation(
                            "/targets/" + indexes.get(k),
                            "failed the webhook validation handshake: "
                                    + handshakes.get(k).cause().getMessage()));
                }
            }
            return refused.isEmpty()
                    ? Future.succeededFuture(rule)
                    : Future.failedFuture(new SignalboxException(
                            ErrorType.TARGET_VALIDATION_FAILED,
                            "A target did not agree to receive events from this bus.",
                            refused));
        });
    }
}
