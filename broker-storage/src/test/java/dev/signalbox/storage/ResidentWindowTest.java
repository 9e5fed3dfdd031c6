package dev.signalbox.storage;

import static dev.signalbox.storage.TestStores.body;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.signalbox.storage.file.PageOut;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CommitLog keeps only its newest {@code residentLogBytes} in memory: what lies further behind
 * the writer, once fsynced, leaves the page cache, and is still read back whole from the file.
 * Residency is asked of the kernel with {@code mincore} on a mapping of the segment file of the
 * test's own (the page cache is the file's, whoever maps it).
 */
class ResidentWindowTest {

    private static final int SEGMENT = 1 << 20;
    private static final int RECORD = 1000;

    @TempDir
    Path dir;

    /** libc's mincore, for the test's own look at the page cache. */
    interface LibC extends Library {
        int mincore(com.sun.jna.Pointer address, long length, byte[] residency);
    }

    @Test
    void pagesFarBehindTheWriterLeaveMemoryAndReadBackWhole() throws IOException {
        assumeTrue(PageOut.isSupported(), "madvise(MADV_PAGEOUT) is Linux-only");
        StoreConfig config = config(SEGMENT);
        List<byte[]> bodies = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config)) {
            // Five segments' worth: the first three lie wholly more than a segment behind the writer.
            for (int i = 0; i < 5 * SEGMENT / (RECORD + 100); i++) {
                bodies.add(body(i, RECORD));
                TestStores.append(store, "orders", bodies.get(i), FlushMode.ASYNC);
            }
            List<Path> segments = TestStores.segments(dir);
            assertTrue(segments.size() >= 5, "the log rolled: " + segments);
            TestStores.await(
                    Duration.ofSeconds(20),
                    () -> residentPages(segments.get(0)) == 0 && residentPages(segments.get(2)) == 0,
                    () -> "segments 0 and 2 still have " + residentPages(segments.get(0)) + " and "
                            + residentPages(segments.get(2)) + " pages in memory");
            assertTrue(residentPages(segments.get(segments.size() - 1)) > 0, "the newest segment stays in memory");

            List<StoredRecord> records = store.read("orders", 0, bodies.size());
            assertEquals(bodies.size(), records.size());
            for (int i = 0; i < bodies.size(); i++) {
                assertArrayEquals(bodies.get(i), records.get(i).body(), "record " + i + " reads back whole");
            }
        }
    }

    @Test
    void whatAnEarlierRunLeftCachedBehindTheWindowGoesToo() throws IOException {
        assumeTrue(PageOut.isSupported(), "madvise(MADV_PAGEOUT) is Linux-only");
        try (MessageStore store = MessageStore.open(config(0))) {
            for (int i = 0; i < 5 * SEGMENT / (RECORD + 100); i++) {
                TestStores.append(store, "orders", body(i, RECORD), FlushMode.SYNC);
            }
        }
        Path first = TestStores.segments(dir).get(0);
        assertTrue(residentPages(first) > 0, "the closed store's pages are still cached");
        // Reopened with a window and nothing more written: this process never mapped those pages.
        try (MessageStore store = MessageStore.open(config(SEGMENT))) {
            TestStores.await(
                    Duration.ofSeconds(20),
                    () -> residentPages(first) == 0,
                    () -> "segment 0 still has " + residentPages(first) + " pages in memory");
            assertEquals(
                    body(3, RECORD).length, store.read("orders", 3, 1).get(0).body().length);
            assertArrayEquals(body(3, RECORD), store.read("orders", 3, 1).get(0).body());
        }
    }

    @Test
    void zeroKeepsEveryPage() throws IOException {
        assumeTrue(PageOut.isSupported(), "madvise(MADV_PAGEOUT) is Linux-only");
        StoreConfig config = config(0);
        try (MessageStore store = MessageStore.open(config)) {
            for (int i = 0; i < 3 * SEGMENT / (RECORD + 100); i++) {
                TestStores.append(store, "orders", body(i, RECORD), FlushMode.SYNC);
            }
            // Everything is fsynced (SYNC), so a window would have released segment 0 by now.
            assertEquals(SEGMENT / 4096, residentPages(TestStores.segments(dir).get(0)));
        }
    }

    /** Segments of 1 MiB touched 256 KiB ahead, keeping {@code resident} bytes of log in memory. */
    private StoreConfig config(long resident) {
        return TestStores.smallBuilder(dir)
                .segmentBytes(SEGMENT)
                .maxRecordBytes(4096)
                .preTouchBytes(256 * 1024)
                .residentLogBytes(resident)
                .build();
    }

    private static int residentPages(Path segment) {
        LibC libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, SEGMENT);
            byte[] residency = new byte[SEGMENT / 4096];
            if (libc.mincore(Native.getDirectBufferPointer(map), SEGMENT, residency) != 0) {
                throw new IllegalStateException("mincore failed: errno " + Native.getLastError());
            }
            int resident = 0;
            for (byte page : residency) {
                resident += page & 1;
            }
            return resident;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
