package dev.signalbox.core;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The compact binary form of an {@link Event}, the body of a CommitLog record.
 *
 * <p>Stateless and thread-safe. The layout, version 1 (lengths are unsigned LEB128 varints,
 * int32 big-endian):
 *
 * <pre>
 * +---------+------------+--------------------------------------------------+------+----------------+
 * | version | attr count | attribute x count                                | has  | data           |
 * | 1 byte  | varint     | name len varint, name UTF-8, tag 1 byte, value   | data | len varint,    |
 * | = 0x01  |            |                                                  | 0/1  | bytes (if 1)   |
 * +---------+------------+--------------------------------------------------+------+----------------+
 * tag 'S': value = len varint + UTF-8    tag 'T' / 'F': no value    tag 'I': value = int32
 * </pre>
 *
 * <p>Attribute order is kept (webhooks replay them as posted). The version byte comes first so a
 * later layout can be read beside this one: stored events outlive code versions.
 */
public final class EventCodec {
    static final byte VERSION_1 = 1;
    private static final byte TAG_STRING = 'S';
    private static final byte TAG_TRUE = 'T';
    private static final byte TAG_FALSE = 'F';
    private static final byte TAG_INT = 'I';

    private EventCodec() {}

    /**
     * The binary form of the event.
     *
     * @throws IllegalArgumentException when an attribute value is not a String, Boolean or
     *     Integer (only valid events are stored)
     */
    public static byte[] encode(Event event) {
        // Two passes, sizing then writing into one exact array: this is on every stored event's
        // path, and a growing stream copied the data twice more.
        byte[] data = event.dataUnsafe();
        Map<String, Object> attributes = event.attributes();
        byte[][] names = new byte[attributes.size()][];
        byte[][] texts = new byte[attributes.size()][];
        int size = 1 + varintLength(attributes.size()) + 1;
        int i = 0;
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            names[i] = attribute.getKey().getBytes(StandardCharsets.UTF_8);
            size += varintLength(names[i].length) + names[i].length + 1;
            Object value = attribute.getValue();
            if (value instanceof String text) {
                texts[i] = text.getBytes(StandardCharsets.UTF_8);
                size += varintLength(texts[i].length) + texts[i].length;
            } else if (value instanceof Integer) {
                size += 4;
            } else if (!(value instanceof Boolean)) {
                throw new IllegalArgumentException(
                        "attribute '" + attribute.getKey() + "' has a value of unsupported type "
                                + value.getClass().getName());
            }
            i++;
        }
        if (data != null) {
            size += varintLength(data.length) + data.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(VERSION_1);
        putVarint(out, attributes.size());
        i = 0;
        for (Object value : attributes.values()) {
            putBytes(out, names[i]);
            if (value instanceof String) {
                out.put(TAG_STRING);
                putBytes(out, texts[i]);
            } else if (value instanceof Boolean flag) {
                out.put(flag ? TAG_TRUE : TAG_FALSE);
            } else {
                out.put(TAG_INT).putInt((Integer) value);
            }
            i++;
        }
        if (data == null) {
            out.put((byte) 0);
        } else {
            out.put((byte) 1);
            putBytes(out, data);
        }
        return out.array();
    }

    /**
     * The event in a binary form made by {@link #encode(Event)}.
     *
     * @throws IllegalArgumentException when the bytes are not such a form (unknown version,
     *     truncated, bad tag, bad UTF-8, trailing bytes)
     */
    public static Event decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte version = in.get();
            if (version != VERSION_1) {
                throw new IllegalArgumentException("unknown event encoding version " + version);
            }
            int count = readLength(in);
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = readString(in);
                if (attributes.put(name, readValue(in)) != null) {
                    throw new IllegalArgumentException("attribute '" + name + "' is encoded twice");
                }
            }
            byte[] data = readData(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after the event");
            }
            return new Event(attributes, data);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("the encoded event is truncated", e);
        }
    }

    private static Object readValue(ByteBuffer in) {
        byte tag = in.get();
        return switch (tag) {
            case TAG_STRING -> readString(in);
            case TAG_TRUE -> Boolean.TRUE;
            case TAG_FALSE -> Boolean.FALSE;
            case TAG_INT -> in.getInt();
            default -> throw new IllegalArgumentException("unknown attribute tag " + tag);
        };
    }

    private static byte[] readData(ByteBuffer in) {
        byte flag = in.get();
        if (flag == 0) {
            return null;
        }
        if (flag != 1) {
            throw new IllegalArgumentException("bad data flag " + flag);
        }
        byte[] data = new byte[readLength(in)];
        in.get(data);
        return data;
    }

    private static String readString(ByteBuffer in) {
        int length = readLength(in);
        ByteBuffer slice = in.slice().limit(length);
        in.position(in.position() + length);
        try {
            // Strict decoding: a replacement character would hide a corrupt record.
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("an encoded string is not UTF-8", e);
        }
    }

    private static int varintLength(int value) {
        int length = 1;
        for (int rest = value >>> 7; rest != 0; rest >>>= 7) {
            length++;
        }
        return length;
    }

    private static void putVarint(ByteBuffer out, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            out.put((byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.put((byte) rest);
    }

    private static void putBytes(ByteBuffer out, byte[] bytes) {
        putVarint(out, bytes.length);
        out.put(bytes);
    }

    /** A varint that must also fit in what is left of the buffer, so garbage cannot allocate. */
    private static int readLength(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value > in.remaining()) {
                    throw new IllegalArgumentException(
                            "length " + value + " exceeds the " + in.remaining() + " bytes left");
                }
                return (int) value;
            }
        }
        throw new IllegalArgumentException("varint longer than 5 bytes");
    }
}
