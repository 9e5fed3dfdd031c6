package dev.signalbox.connectors.webhook;

import dev.signalbox.core.Event;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
     * Decodes a percent-encoded header value; empty when the value holds a broken escape or the
     * decoded bytes are not UTF-8, which the caller reports as an invalid attribute.
     */
    public static Optional<String> decode(String value) {
        if (value.indexOf('%') < 0) {
            return Optional.of(value);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                if (c > 0x7f) {
                    return Optional.empty();
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= value.length()) {
                return Optional.empty();
            }
            int hi = Character.digit(value.charAt(i + 1), 16);
            int lo = Character.digit(value.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            bytes.write((hi << 4) | lo);
            i += 2;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
