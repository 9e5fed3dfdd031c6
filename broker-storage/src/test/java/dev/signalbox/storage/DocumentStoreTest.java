package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentStoreTest {

    @TempDir
    Path dir;

    @Test
    void documentsSurviveReopenAndListSortedByName() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            DocumentStore docs = store.documents();
            docs.put("buses", "orders", utf8("{\"flush\":\"sync\"}"));
            docs.put("buses", "audit", utf8("{\"flush\":\"async\"}"));
            docs.put("buses", "orders", utf8("{\"flush\":\"async\"}"));
            docs.put("rules.orders", "to-billing", utf8("{}"));
            docs.put("buses", "gone", utf8("{}"));
            assertTrue(docs.delete("buses", "gone"));
            assertFalse(docs.delete("buses", "gone"));
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            DocumentStore docs = store.documents();
            Map<String, byte[]> buses = docs.list("buses");
            assertEquals(List.of("audit", "orders"), List.copyOf(buses.keySet()));
            assertArrayEquals(utf8("{\"flush\":\"async\"}"), buses.get("orders"));
            assertArrayEquals(utf8("{}"), docs.get("rules.orders", "to-billing").orElseThrow());
            assertEquals(Optional.empty(), docs.get("buses", "gone"));
            assertEquals(Map.of(), docs.list("nothing"));
        }
    }

    @Test
    void aTempFileLeftByACrashIsNeitherListedNorKept() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            store.documents().put("buses", "orders", utf8("old"));
        }
        Path temp = dir.resolve("docs/buses/orders.json.tmp");
        Files.writeString(temp, "half-writ");
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(
                    List.of("orders"),
                    List.copyOf(store.documents().list("buses").keySet()));
            assertArrayEquals(
                    utf8("old"), store.documents().get("buses", "orders").orElseThrow());
        }
        assertFalse(Files.exists(temp));
    }

    @Test
    void validatesNames() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            DocumentStore docs = store.documents();
            for (String bad : new String[] {"", ".", "..", "../etc", "a b", "x".repeat(201)}) {
                assertThrows(IllegalArgumentException.class, () -> docs.put(bad, "n", new byte[0]));
                assertThrows(IllegalArgumentException.class, () -> docs.put("ns", bad, new byte[0]));
                assertThrows(IllegalArgumentException.class, () -> docs.get("ns", bad));
                assertThrows(IllegalArgumentException.class, () -> docs.delete(bad, "n"));
                assertThrows(IllegalArgumentException.class, () -> docs.list(bad));
            }
            docs.put("a.b_c@d-e", ".hidden", utf8("ok"));
            assertArrayEquals(utf8("ok"), docs.get("a.b_c@d-e", ".hidden").orElseThrow());
        }
    }
}
