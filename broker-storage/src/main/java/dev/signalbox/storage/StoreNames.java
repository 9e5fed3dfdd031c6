package dev.signalbox.storage;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The naming rules of the store, shared by every implementation and usable by callers that want to
 * validate early. Names (topics, groups, namespaces, document names) become file names, so they are
 * restricted to {@code [A-Za-z0-9._@-]{1,200}}, excluding {@code .} and {@code ..}.
 *
 * <p>Threading: stateless, safe on any thread.
 */
public final class StoreNames {

    /** The longest name, in characters (all ASCII, so also in bytes). */
    public static final int MAX_NAME_LENGTH = 200;

    /** The longest key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private StoreNames() {}

    /** Whether {@code name} is a valid topic, group, namespace or document name. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        if (name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '@'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code name} when valid.
     *
     * @param kind what the name names, for the message ("topic", "group", ...)
     * @throws IllegalArgumentException when it is not valid
     */
    public static String requireName(String kind, String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("invalid " + kind + " name '" + name
                    + "': must match [A-Za-z0-9._@-]{1,200} and not be '.' or '..'");
        }
        return name;
    }

    /**
     * Returns the UTF-8 encoding of a valid key.
     *
     * @throws IllegalArgumentException when the key is null, empty, not well-formed UTF-16 (a lone
     *     surrogate) or longer than {@link #MAX_KEY_BYTES} bytes in UTF-8
     */
    public static byte[] requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key must be a non-empty string");
        }
        if (key.length() > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (key.length() * 3 <= MAX_KEY_BYTES && !hasSurrogate(key)) {
            // Without surrogates every char encodes, and the length bound holds: skip the encoder.
            return key.getBytes(StandardCharsets.UTF_8);
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(key));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("key is not valid UTF-8 text: " + e.getMessage(), e);
        }
        if (encoded.remaining() > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "key is " + encoded.remaining() + " bytes in UTF-8, more than " + MAX_KEY_BYTES);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
