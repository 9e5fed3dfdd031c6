package dev.signalbox.rules.impl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals as event-ruler reads them: strings shaped like an IPv4 or IPv6 address
 * become the upper-case hex digits of their 4 or 16 bytes; IPv4-mapped IPv6 addresses become
 * IPv4 ({@code ::ffff:a00:1} is {@code 0A000001}), as {@link InetAddress} makes them.
 *
 * <p>Stateless, thread-safe. Never touches the network: IPv4 text is parsed here with the JDK's
 * literal rules (decimal octets, leading zeros allowed), where {@code InetAddress.getByName}
 * would fall back to a DNS lookup for a non-literal such as {@code 999.1.1.1}; IPv6 text always
 * contains a colon, for which the JDK parses a literal or fails without a lookup.
 */
public final class IpAddresses {
    // event-ruler's own shape tests (Constants.IPv4_REGEX, IPv6_REGEX).
    private static final Pattern IPV4 = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private IpAddresses() {}

    /** The hex digits of the address, or {@code null} when the text is not an IP literal. */
    public static String hex(String text) {
        byte[] address = null;
        if (IPV4.matcher(text).matches()) {
            address = ipv4(text);
        } else if (IPV6.matcher(text).matches()) {
            try {
                address = InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException | RuntimeException e) {
                return null;
            }
        }
        return address == null ? null : hex(address);
    }

    /** The hex digits of raw address bytes. */
    static String hex(byte[] address) {
        char[] out = new char[address.length * 2];
        for (int i = 0; i < address.length; i++) {
            out[2 * i] = HEX[(address[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[address[i] & 0xF];
        }
        return new String(out);
    }

    /** The raw bytes of an IP literal, or {@code null}. */
    static byte[] bytes(String text) {
        if (IPV4.matcher(text).matches()) {
            return ipv4(text);
        }
        if (IPV6.matcher(text).matches()) {
            try {
                return InetAddress.getByName(text).getAddress();
            } catch (UnknownHostException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    // The JDK's IPAddressUtil.textToNumericFormatV4 for the four-part form the regex admits.
    private static byte[] ipv4(String text) {
        if (text.length() > 15) {
            return null;
        }
        byte[] out = new byte[4];
        int part = 0;
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (value > 0xFF) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
            } else {
                value = value * 10 + (c - '0');
            }
        }
        if (value > 0xFF) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }
}
