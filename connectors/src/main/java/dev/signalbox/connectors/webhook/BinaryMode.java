package dev.signalbox.connectors.webhook;

import dev.signalbox.core.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudEvents HTTP binary content mode: each context attribute travels in a {@code ce-}
 * header, {@code datacontenttype} in {@code Content-Type}, and the data as the body.
 *
 * <p>Header values are percent-encoded as the HTTP binding (3.1.3.2) asks: space, double quote,
 * percent and every character outside printable ASCII become %XX of their UTF-8 bytes, so any
 * Unicode attribute survives an HTTP/1.1 header. Stateless and thread-safe.
 */
public final class BinaryMode {

    public static final String HEADER_PREFIX = "ce-";
    public static final String DATA_CONTENT_TYPE = "datacontenttype";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private BinaryMode() {}

    /** The {@code ce-} headers for every attribute of the event but {@code datacontenttype}. */
    public static Map<String, String> headers(Event event) {
        Map<String, String> headers = new LinkedHashMap<>();
        event.attributes().forEach((name, value) -> {
            if (!DATA_CONTENT_TYPE.equals(name)) {
                headers.put(HEADER_PREFIX + name, encode(String.valueOf(value)));
            }
        });
        return headers;
    }

    /** Percent-encodes one attribute value for a header. */
    public static String encode(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x20 && c < 0x7f && c != '"' && c != '%') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
            for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            i = end - 1;
        }
        return out == null ? value : out.toString();
    }

    /**
     * Decodes a header value leniently, as receivers must to work with real clients: {@code %XX}
     * escapes become their octet, any other character stays the octet it arrived as (HTTP/1.1
     * header bytes reach us as ISO-8859-1 characters), and the octets are read as UTF-8 when they
     * are valid UTF-8, otherwise as ISO-8859-1. So a value percent-encoded as the binding asks,
     * raw UTF-8 bytes, and raw Latin-1 text (what the CloudEvents Java SDK's Vert.x writer
     * sends) all come out as the sender meant; a {@code %} not followed by two hex digits is kept.
     */
    public static String decode(String value) {
        boolean isPlain = true;
        for (int i = 0; i < value.length() && isPlain; i++) {
            char c = value.charAt(i);
            isPlain = c != '%' && c < 0x80;
        }
        if (isPlain) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int hi = c == '%' && i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c <= 0xff) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] octets = bytes.toByteArray();
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(octets, StandardCharsets.ISO_8859_1);
        }
    }
}
