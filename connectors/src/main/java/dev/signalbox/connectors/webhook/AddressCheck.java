package dev.signalbox.connectors.webhook;

import dev.signalbox.connectors.TargetAddressPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The SSRF guard at delivery time. Checking a target's host when its rule is created is not
 * enough: its DNS may later point at a private address (DNS rebinding). So each delivery resolves
 * the host, refuses it if any address it resolves to is loopback, private or link-local (unless
 * the node allows those), and connects to the address it checked, never resolving twice.
 *
 * <p>When private addresses are allowed and the system resolver is used, nothing is checked and
 * the HTTP client resolves as usual, so that development and test nodes pay nothing.
 *
 * <p>Threading: thread-safe; names are resolved on a worker thread, never on the event loop.
 */
public final class AddressCheck {

    /** Resolves a host name to its addresses. */
    @FunctionalInterface
    public interface Resolver {
        Future<List<InetAddress>> resolve(String host);
    }

    /** The host resolves to an address the policy refuses. */
    public static final class ForbiddenAddress extends RuntimeException {
        ForbiddenAddress(String message) {
            super(message, null, false, false);
        }
    }

    private final TargetAddressPolicy policy;
    private final Resolver resolver;
    private final boolean isPinning;

    private AddressCheck(TargetAddressPolicy policy, Resolver resolver, boolean isPinning) {
        this.policy = policy;
        this.resolver = resolver;
        this.isPinning = isPinning;
    }

    /** The system resolver, on Vert.x worker threads. */
    public static AddressCheck system(Vertx vertx, TargetAddressPolicy policy) {
        Resolver resolver = host -> vertx.executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false);
        return new AddressCheck(policy, resolver, !policy.allowsPrivateAddresses());
    }

    /** A given resolver, always used and always pinned to (tests, custom DNS). */
    public static AddressCheck with(TargetAddressPolicy policy, Resolver resolver) {
        return new AddressCheck(policy, resolver, true);
    }

    /**
     * The address to connect to for {@code host}, or empty to let the client resolve it; fails
     * with {@link ForbiddenAddress} when the host resolves to an address the policy refuses.
     */
    public Future<Optional<InetAddress>> pin(String host) {
        if (!isPinning) {
            return Future.succeededFuture(Optional.empty());
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return resolver.resolve(bare).compose(addresses -> {
            if (addresses.isEmpty()) {
                return Future.failedFuture(new java.net.UnknownHostException(bare));
            }
            for (InetAddress address : addresses) {
                if (!policy.isAllowed(address)) {
                    return Future.failedFuture(new ForbiddenAddress(bare + " resolves to " + address.getHostAddress()
                            + ", a loopback, private or link-local address, which this node does not deliver to"));
                }
            }
            return Future.succeededFuture(Optional.of(addresses.get(0)));
        });
    }
}
