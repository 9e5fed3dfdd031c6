package dev.signalbox.connectors;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Decides whether a target may be reached at an address: loopback, private, link-local,
 * unique-local, carrier-grade NAT and wildcard addresses are refused unless the node allows
 * private targets, so that a rule cannot turn the bus into a probe of its own network (SSRF).
 *
 * <p>Immutable and thread-safe.
 */
public record TargetAddressPolicy(boolean allowsPrivateAddresses) {

    public boolean isAllowed(InetAddress address) {
        return allowsPrivateAddresses || !isInternal(address);
    }

    /** Whether the address belongs to this host or to a private network. */
    public static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8 ("this network").
            return (first == 100 && second >= 64 && second < 128) || first == 0;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique-local; IPv4-mapped addresses are judged as the IPv4 address.
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            if (isIpv4Mapped(b)) {
                try {
                    return isInternal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (java.net.UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
