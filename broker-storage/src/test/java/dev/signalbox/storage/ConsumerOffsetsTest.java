package dev.signalbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerOffsetsTest {

    @TempDir
    Path dir;

    @Test
    void committedOffsetsSurviveReopen() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            ConsumerOffsets offsets = store.offsets();
            assertEquals(0, offsets.committed("router", "orders"));
            offsets.commit("router", "orders", 42);
            offsets.commit("router", "payments", 7);
            offsets.commit("audit@eu", "orders", 3);
            offsets.commit("router", "orders", 40);
            assertEquals(40, offsets.committed("router", "orders"));
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            ConsumerOffsets offsets = store.offsets();
            assertEquals(40, offsets.committed("router", "orders"));
            assertEquals(7, offsets.committed("router", "payments"));
            assertEquals(3, offsets.committed("audit@eu", "orders"));
            assertEquals(0, offsets.committed("audit@eu", "payments"));
        }
        assertFalse(Files.exists(dir.resolve("offsets.properties.tmp")));
    }

    @Test
    void ignoresATempFileLeftByACrash() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            store.offsets().commit("g", "t", 5);
        }
        Files.writeString(dir.resolve("offsets.properties.tmp"), "g/t=99\n");
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(5, store.offsets().committed("g", "t"));
        }
        assertFalse(Files.exists(dir.resolve("offsets.properties.tmp")));
    }

    @Test
    void validatesNamesAndOffsets() throws IOException {
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            ConsumerOffsets offsets = store.offsets();
            assertThrows(IllegalArgumentException.class, () -> offsets.commit("a/b", "t", 1));
            assertThrows(IllegalArgumentException.class, () -> offsets.commit("g", "..", 1));
            assertThrows(IllegalArgumentException.class, () -> offsets.commit("g", "t", -1));
            assertThrows(IllegalArgumentException.class, () -> offsets.committed("g=1", "t"));
        }
    }

    @Test
    void anOffsetPastWhatACrashLeftOfItsTopicIsHeldToTheTopicsEnd() throws IOException {
        long lostFrom;
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            for (int i = 0; i < 6; i++) {
                TestStores.append(store, "orders", TestStores.body(i, 50), FlushMode.SYNC);
            }
            lostFrom = TestStores.append(store, "orders", TestStores.body(6, 50), FlushMode.ASYNC)
                    .logOffset();
            for (int i = 7; i < 10; i++) {
                TestStores.append(store, "orders", TestStores.body(i, 50), FlushMode.ASYNC);
            }
            // A consumer read all ten and committed past them; its offsets file is fsynced at once.
            store.offsets().commit("router", "orders", 10);
            store.offsets().commit("audit", "orders", 4);
        }
        // A power cut: the four ASYNC appends had not reached the disk (what ASYNC may lose), the
        // offsets file had.
        LogSurgery.cutLogAt(dir, lostFrom);
        TestStores.forgetCheckpointAndCrash(dir);
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(6, store.nextOffset("orders"), store.recoveryReport()::toString);
            assertEquals(6, store.offsets().committed("router", "orders"));
            assertEquals(4, store.offsets().committed("audit", "orders"));
            // The next event takes offset 6 again: the router must read it, not start after it.
            assertEquals(
                    6,
                    TestStores.append(store, "orders", TestStores.body(60, 50), FlushMode.SYNC)
                            .queueOffset());
        }
        try (MessageStore store = MessageStore.open(TestStores.small(dir))) {
            assertEquals(6, store.offsets().committed("router", "orders"), "held durably");
        }
    }
}
