package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.append;
import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreRoundTripTest {

    private static final List<String> TOPICS = List.of("orders", "payments", "bus.audit@eu-1");

    @TempDir
    Path dir;

    private MessageStore store;

    @BeforeEach
    void open() throws IOException {
        store = MessageStore.open(TestStores.small(dir));
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void roundTripsAcrossTopicsAndSegmentRolls() throws IOException {
        List<List<byte[]>> bodies = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 90; i++) {
            int t = i % 3;
            byte[] body = body(i, 50 + (i * 37) % 400);
            AppendResult result = append(store, TOPICS.get(t), body, FlushMode.ASYNC, "id-" + i, "k" + t);
            assertEquals(AppendStatus.OK, result.status());
            assertEquals(bodies.get(t).size(), result.queueOffset(), "queue offsets have no gaps");
            bodies.get(t).add(body);
        }
        assertTrue(TestStores.segments(dir).size() > 3, "the log rolled to several segments");
        for (int t = 0; t < 3; t++) {
            String topic = TOPICS.get(t);
            assertEquals(30, store.nextOffset(topic));
            List<StoredRecord> records = store.read(topic, 0, 1000);
            assertEquals(30, records.size());
            for (int q = 0; q < 30; q++) {
                StoredRecord record = records.get(q);
                assertEquals(topic, record.topic());
                assertEquals(q, record.queueOffset());
                assertArrayEquals(bodies.get(t).get(q), record.body());
                assertEquals(List.of("id-" + (q * 3 + t), "k" + t), record.keys());
                assertTrue(record.storeTimestamp() > 0);
            }
        }
    }

    @Test
    void readsRanges() throws IOException {
        for (int i = 0; i < 20; i++) {
            append(store, "orders", body(i, 100), FlushMode.ASYNC);
        }
        assertEquals(List.of(5L, 6L, 7L), offsets(store.read("orders", 5, 3)));
        assertEquals(List.of(18L, 19L), offsets(store.read("orders", 18, 10)));
        assertEquals(List.of(), store.read("orders", 20, 10));
        assertEquals(List.of(), store.read("unknown", 0, 10));
        assertArrayEquals(body(7, 100), store.read("orders", 7).orElseThrow().body());
        assertEquals(Optional.empty(), store.read("orders", 20));
        assertEquals(0, store.nextOffset("unknown"));
        assertThrows(IllegalArgumentException.class, () -> store.read("orders", -1, 1));
        assertThrows(IllegalArgumentException.class, () -> store.read("orders", 0, 0));
    }

    @Test
    void looksUpByKeyNewestFirst() throws IOException {
        AppendResult first = append(store, "orders", TestStores.utf8("a"), FlushMode.ASYNC, "customer-1", "id-1");
        append(store, "orders", TestStores.utf8("b"), FlushMode.SYNC, "customer-2", "id-2");
        append(store, "payments", TestStores.utf8("p"), FlushMode.ASYNC, "customer-1");
        AppendResult third = append(store, "orders", TestStores.utf8("c"), FlushMode.ASYNC, "customer-1", "customer-1");

        List<StoredRecord> found = store.lookup("orders", "customer-1");
        assertEquals(
                List.of(third.logOffset(), first.logOffset()),
                found.stream().map(StoredRecord::logOffset).toList());
        assertArrayEquals(TestStores.utf8("c"), found.get(0).body());
        assertEquals(1, store.lookup("orders", "id-2").size());
        assertEquals(List.of(), store.lookup("orders", "nobody"));
        assertEquals(List.of(), store.lookup("unknown", "customer-1"));
    }

    @Test
    void answersTooLargeAtOnce() {
        AppendResult result = append(store, "orders", new byte[4000], FlushMode.SYNC);
        assertEquals(new AppendResult(AppendStatus.TOO_LARGE, -1, -1), result);
        assertEquals(0, store.nextOffset("orders"));
    }

    @Test
    void answersClosedAfterClose() throws IOException {
        store.close();
        assertEquals(
                AppendStatus.CLOSED,
                append(store, "orders", body(1, 10), FlushMode.ASYNC).status());
    }

    @Test
    void validatesNamesAndKeys() {
        for (String bad : new String[] {"", ".", "..", "a/b", "a b", "é", "x".repeat(201)}) {
            assertThrows(
                    IllegalArgumentException.class, () -> store.append(bad, List.of(), new byte[1], FlushMode.ASYNC));
            assertThrows(IllegalArgumentException.class, () -> store.nextOffset(bad));
        }
        assertThrows(
                IllegalArgumentException.class, () -> store.append("t", List.of(""), new byte[1], FlushMode.ASYNC));
        assertThrows(
                IllegalArgumentException.class,
                () -> store.append("t", List.of("k".repeat(1025)), new byte[1], FlushMode.ASYNC));
        assertThrows(
                IllegalArgumentException.class,
                () -> store.append("t", List.of("\uD800 lone surrogate"), new byte[1], FlushMode.ASYNC));
        assertEquals(
                AppendStatus.OK,
                append(store, "x".repeat(200), new byte[1], FlushMode.ASYNC, "ключ-🔑", "é".repeat(512))
                        .status());
    }

    private static List<Long> offsets(List<StoredRecord> records) {
        return records.stream().map(StoredRecord::queueOffset).toList();
    }
}
