package dev.signalbox.gateway.http;

import dev.signalbox.connectors.TargetAddressPolicy;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.RuleDefinition;
import dev.signalbox.gateway.bus.TargetDefinition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses rules whose targets resolve to loopback, private or link-local addresses unless the
 * node allows private targets. Names are resolved on a worker thread, never on the event loop.
 * Each delivery checks again ({@code connectors.webhook.AddressCheck}: resolve, check, connect to
 * the checked address), so a DNS change after this check cannot turn a target inward.
 */
public final class TargetGuard {

    private final Vertx vertx;
    private final TargetAddressPolicy policy;

    public TargetGuard(Vertx vertx, TargetAddressPolicy policy) {
        this.vertx = vertx;
        this.policy = policy;
    }

    public Future<RuleDefinition> check(RuleDefinition rule) {
        if (policy.allowsPrivateAddresses()) {
            return Future.succeededFuture(rule);
        }
        return vertx.executeBlocking(
                () -> {
                    List<Violation> violations = new ArrayList<>();
                    ErrorType type = ErrorType.TARGET_FORBIDDEN;
                    for (int i = 0; i < rule.targets().size(); i++) {
                        TargetDefinition target = rule.targets().get(i);
                        String pointer = "/targets/" + i + "/url";
                        String host = target.url().getHost().replace("[", "").replace("]", "");
                        try {
                            for (InetAddress address : InetAddress.getAllByName(host)) {
                                if (!policy.isAllowed(address)) {
                                    violations.add(new Violation(
                                            pointer,
                                            host + " resolves to " + address.getHostAddress()
                                                    + ", a loopback, private or link-local address; the node allows"
                                                    + " such targets only with SIGNALBOX_ALLOW_PRIVATE_TARGETS=true"));
                                    break;
                                }
                            }
                        } catch (UnknownHostException e) {
                            type = ErrorType.TARGET_INVALID;
                            violations.add(new Violation(pointer, "the host " + host + " does not resolve"));
                        }
                    }
                    if (!violations.isEmpty()) {
                        throw new SignalboxException(type, "A target of the rule cannot be used.", violations);
                    }
                    return rule;
                },
                false);
    }

    /**
     * The same check for another address the node will call on a user's behalf, such as a
     * connection's OAuth token endpoint; {@code pointer} names it in the problem.
     */
    public Future<Void> checkUrl(java.net.URI url, String pointer) {
        if (policy.allowsPrivateAddresses() || url.getHost() == null) {
            return Future.succeededFuture();
        }
        String host = url.getHost().replace("[", "").replace("]", "");
        return vertx.executeBlocking(
                () -> {
                    try {
                        for (InetAddress address : InetAddress.getAllByName(host)) {
                            if (!policy.isAllowed(address)) {
                                throw new SignalboxException(
                                        ErrorType.TARGET_FORBIDDEN,
                                        "An address of the request cannot be used.",
                                        List.of(new Violation(
                                                pointer,
                                                host + " resolves to " + address.getHostAddress()
                                                        + ", a loopback, private or link-local address")));
                            }
                        }
                    } catch (UnknownHostException e) {
                        throw new SignalboxException(
                                ErrorType.TARGET_INVALID,
                                "An address of the request cannot be used.",
                                List.of(new Violation(pointer, "the host " + host + " does not resolve")));
                    }
                    return null;
                },
                false);
    }
}
