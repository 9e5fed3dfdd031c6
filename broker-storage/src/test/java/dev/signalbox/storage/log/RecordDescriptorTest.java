package dev.signalbox.storage.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordDescriptorTest {

    private static final byte[] TOPIC = "orders".getBytes(StandardCharsets.US_ASCII);

    private static List<byte[]> utf8(List<String> strings) {
        return strings.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static ByteBuffer record(List<String> keys, List<String> properties, byte[] body) {
        ByteBuffer record = RecordDescriptor.encode(
                TOPIC, 3, RecordDescriptor.FLAG_DELAYED, 1_699_999_999_000L, utf8(keys), utf8(properties), body);
        assertEquals(
                RecordDescriptor.encodedLength(TOPIC, utf8(keys), utf8(properties), body.length), record.remaining());
        RecordDescriptor.stamp(record, 1_700_000_000_000L, 41);
        return record;
    }

    @Test
    void encodesTheDocumentedLayout() {
        ByteBuffer record = record(List.of("k1", "ключ"), List.of("tag", "blue"), new byte[] {1, 2, 3});
        assertEquals(RecordDescriptor.MAGIC, record.getInt(0));
        assertEquals(record.limit(), record.getInt(4));
        assertEquals(RecordDescriptor.FLAG_DELAYED, record.getInt(12));
        assertEquals(1_699_999_999_000L, record.getLong(16));
        assertEquals(1_700_000_000_000L, record.getLong(24));
        assertEquals(3, record.getInt(32));
        assertEquals(41, record.getLong(36));
        assertEquals(6, record.getShort(44));
        assertEquals(2, record.getShort(46 + 6));
        int properties = 46 + 6 + 2 + (2 + 2) + (2 + 8);
        assertEquals(1, record.getShort(properties));
        assertEquals(3, record.getInt(record.limit() - 7));
        assertEquals(properties + 2 + (2 + 3) + (2 + 4) + 4 + 3, record.limit());
    }

    @Test
    void decodesWhatItEncodes() throws CorruptRecordException {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        StoredRecord decoded = RecordDescriptor.decode(record(List.of("a", "b"), List.of("tag", ""), body), 4096);
        assertEquals(
                new StoredRecord(
                        "orders",
                        3,
                        41,
                        4096,
                        1_699_999_999_000L,
                        1_700_000_000_000L,
                        List.of("a", "b"),
                        Map.of("tag", ""),
                        body),
                decoded);
        StoredRecord empty = RecordDescriptor.decode(record(List.of(), List.of(), new byte[0]), 0);
        assertEquals(List.of(), empty.keys());
        assertArrayEquals(new byte[0], empty.body());
        assertEquals(
                RecordDescriptor.MIN_LENGTH + 5,
                record(List.of(), List.of(), new byte[0]).limit());
    }

    @Test
    void aViewSeesTheHeaderFieldsAndKeyHashes() {
        ByteBuffer record = record(List.of("a", "b", "a"), List.of("tag", "blue", "__deliverAt", "1234"), new byte[7]);
        RecordView view = new RecordView();
        assertTrue(view.parse(record, 0, record.limit()));
        assertTrue(view.isCrcValid());
        assertEquals("orders", view.topic());
        assertEquals(3, view.queueId());
        assertEquals(41, view.queueOffset());
        assertEquals(2, view.keyCount(), "a repeated key is indexed once");
        assertEquals(KeyHash.of("orders", "a"), view.keyHashes()[0]);
        assertEquals(KeyHash.of("orders", "b"), view.keyHashes()[1]);
        assertEquals("blue".hashCode(), view.tagHash());
        assertEquals(1234, view.deliverAt());
    }

    @Test
    void detectsEveryFlippedByte() {
        ByteBuffer good = record(List.of("key"), List.of("p", "v"), "payload".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < good.limit(); i++) {
            ByteBuffer bad =
                    ByteBuffer.allocate(good.limit()).put(good.duplicate()).flip();
            bad.put(i, (byte) (bad.get(i) ^ 0x10));
            CorruptRecordException e =
                    assertThrows(CorruptRecordException.class, () -> RecordDescriptor.decode(bad, 100));
            assertTrue(e.getMessage().contains("at log offset 100"), e.getMessage());
        }
    }
}
