package dev.signalbox.rules.impl;

/**
 * IP ranges: {@code cidr} blocks, and string values that are IP addresses (which event-ruler
 * turns into one-address ranges, so {@code "10.0.0.1"} also matches {@code "10.0.0.01"}).
 *
 * <p>Stateless, thread-safe. Mirrors event-ruler's {@code CIDR} class, including its limits: an
 * IPv4 mask must be below 32 and an IPv6 mask below 128.
 */
final class Cidrs {
    private Cidrs() {}

    /** A {@code cidr} block. @throws IllegalArgumentException saying what is wrong */
    static ValueTest.IpRange parse(String cidr) {
        // String.split drops trailing empty strings, as in event-ruler: "10.0.0.0/8/" is accepted.
        String[] parts = cidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("A CIDR block needs exactly one '/', e.g. 10.0.0.0/8.");
        }
        int bits;
        try {
            bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The mask of a CIDR block must be an integer.");
        }
        if (bits < 0) {
            throw new IllegalArgumentException("The mask of a CIDR block must not be negative.");
        }
        byte[] address = IpAddresses.bytes(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("'" + parts[0] + "' is not an IPv4 or IPv6 address.");
        }
        if (address.length == 4 && bits > 31) {
            throw new IllegalArgumentException("An IPv4 mask must be below 32.");
        }
        if (address.length == 16 && bits > 127) {
            throw new IllegalArgumentException("An IPv6 mask must be below 128.");
        }
        byte[] low = address.clone();
        byte[] high = address.clone();
        int variable = address.length * 8 - bits;
        for (int i = address.length - 1; i >= 0 && variable > 0; i--, variable -= 8) {
            int mask = variable >= 8 ? 0xFF : (1 << variable) - 1;
            low[i] = (byte) (low[i] & ~mask);
            high[i] = (byte) (high[i] | mask);
        }
        return new ValueTest.IpRange(IpAddresses.hex(low), false, IpAddresses.hex(high), false);
    }

    /** The one-address range of a string value that is an IP address, or {@code null}. */
    static ValueTest.IpRange single(String text) {
        String hex = IpAddresses.hex(text);
        if (hex == null) {
            return null;
        }
        int last = hex.length() - 1;
        char digit = hex.charAt(last);
        String head = hex.substring(0, last);
        if (digit == 'F') {
            return new ValueTest.IpRange(head + 'E', true, hex, false);
        }
        char next = digit == '9' ? 'A' : (char) (digit + 1);
        return new ValueTest.IpRange(hex, false, head + next, true);
    }
}
