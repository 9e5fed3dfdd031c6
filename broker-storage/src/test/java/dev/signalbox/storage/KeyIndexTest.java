package dev.signalbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent hash index: every match newest first, across index files, time bounds, restarts. */
class KeyIndexTest {

    @TempDir
    Path dir;

    @Test
    void findsEveryMatchNewestFirstAcrossIndexFilesAndRestarts() throws IOException {
        List<Long> customer = new ArrayList<>();
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            for (int i = 0; i < 600; i++) {
                // 64 slots and 128 entries a file: chains collide and files fill up.
                AppendResult result = TestStores.append(
                        store, "orders", new byte[20], FlushMode.ASYNC, "id-" + i, "customer-" + (i % 7));
                if (i % 7 == 3) {
                    customer.add(0, result.logOffset());
                }
            }
            assertNewestFirst(store, customer);
        }
        try (Stream<Path> files = Files.list(dir.resolve("index"))) {
            assertTrue(files.count() >= 9, "1200 entries in files of 128");
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertNewestFirst(store, customer);
            assertEquals(1, store.lookup("orders", "id-599").size());
            assertEquals(List.of(), store.lookup("payments", "id-599"), "the topic is part of the key");
        }
    }

    private static void assertNewestFirst(MessageStore store, List<Long> expected) throws IOException {
        List<Long> found = store.lookup("orders", "customer-3").stream()
                .map(StoredRecord::logOffset)
                .toList();
        assertEquals(expected, found);
    }

    @Test
    void timeBoundsNarrowALookup() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            TestStores.append(store, "t", new byte[1], FlushMode.SYNC, "k");
            long between = store.read("t", 0).orElseThrow().storeTimestamp() + 1;
            TestStores.await(
                    java.time.Duration.ofSeconds(5), () -> System.currentTimeMillis() > between, () -> "a millisecond");
            TestStores.append(store, "t", new byte[2], FlushMode.SYNC, "k");
            assertEquals(2, store.lookup("t", "k").size());
            assertEquals(1, store.lookup("t", "k", between, Long.MAX_VALUE).size());
            assertEquals(
                    2, store.lookup("t", "k", between, Long.MAX_VALUE).get(0).body().length);
            assertEquals(1, store.lookup("t", "k", 0, between - 1).size());
            assertEquals(0, store.lookup("t", "k", 0, 1000).size());
        }
    }
}
