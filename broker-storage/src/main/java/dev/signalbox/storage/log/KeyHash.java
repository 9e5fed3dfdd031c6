package dev.signalbox.storage.log;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The hash under which a (topic, key) pair is indexed: FNV-1a over the topic's bytes, a zero byte,
 * then the key's UTF-8 bytes. Computed from the mapped record by the dispatcher and from strings
 * by lookups; both must agree byte for byte.
 *
 * <p>Threading: stateless, safe on any thread.
 */
public final class KeyHash {

    private static final int OFFSET_BASIS = 0x811C_9DC5;
    private static final int PRIME = 0x0100_0193;

    private KeyHash() {}

    /** The hash of {@code topic} and the key bytes at {@code [at, at + length)} of {@code buffer}. */
    public static int of(byte[] topic, ByteBuffer buffer, int at, int length) {
        int hash = topicHash(topic);
        for (int i = 0; i < length; i++) {
            hash = (hash ^ (buffer.get(at + i) & 0xFF)) * PRIME;
        }
        return hash;
    }

    /** The hash of a topic and a key given as strings. */
    public static int of(String topic, String key) {
        int hash = topicHash(topic.getBytes(StandardCharsets.UTF_8));
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * PRIME;
        }
        return hash;
    }

    private static int topicHash(byte[] topic) {
        int hash = OFFSET_BASIS;
        for (byte b : topic) {
            hash = (hash ^ (b & 0xFF)) * PRIME;
        }
        return hash * PRIME; // the zero separator
    }
}
