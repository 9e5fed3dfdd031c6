package dev.signalbox.storage.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordDescriptorTest {

    private static final byte[] TOPIC = "orders".getBytes(StandardCharsets.US_ASCII);

    private static ByteBuffer record(List<String> keys, byte[] body) {
        List<byte[]> keyBytes =
                keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        ByteBuffer record = RecordDescriptor.encode(TOPIC, keyBytes, body);
        assertEquals(RecordDescriptor.encodedLength(TOPIC, keyBytes, body.length), record.remaining());
        RecordDescriptor.stamp(record, 1_700_000_000_000L, 41);
        return record;
    }

    @Test
    void encodesTheDocumentedLayout() {
        ByteBuffer record = record(List.of("k1", "ключ"), new byte[] {1, 2, 3});
        assertEquals(RecordDescriptor.MAGIC, record.getInt(0));
        assertEquals(record.limit(), record.getInt(4));
        assertEquals(1_700_000_000_000L, record.getLong(12));
        assertEquals(41, record.getLong(20));
        assertEquals(6, record.getShort(28));
        assertEquals(2, record.getShort(30 + 6));
        assertEquals(3, record.getInt(record.limit() - 7));
        assertEquals(30 + 6 + 2 + (2 + 2) + (2 + 8) + 4 + 3, record.limit());
    }

    @Test
    void decodesWhatItEncodes() throws CorruptRecordException {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        StoredRecord decoded = RecordDescriptor.decode(record(List.of("a", "b"), body), 4096);
        assertEquals(new StoredRecord("orders", 41, 4096, 1_700_000_000_000L, List.of("a", "b"), body), decoded);
        StoredRecord empty = RecordDescriptor.decode(record(List.of(), new byte[0]), 0);
        assertEquals(List.of(), empty.keys());
        assertArrayEquals(new byte[0], empty.body());
        assertEquals(
                RecordDescriptor.MIN_LENGTH + 5, record(List.of(), new byte[0]).limit());
    }

    @Test
    void detectsEveryFlippedByte() {
        ByteBuffer good = record(List.of("key"), "payload".getBytes(StandardCharsets.UTF_8));
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
