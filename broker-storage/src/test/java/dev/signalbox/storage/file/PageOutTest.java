package dev.signalbox.storage.file;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The advice reaches only a mapping still open, and reads back what the file holds. */
class PageOutTest {

    @TempDir
    Path dir;

    @Test
    void aClosedFileIsNotAdvisedAndAnOpenOneReadsBack() throws IOException {
        assumeTrue(PageOut.isSupported(), "madvise(MADV_PAGEOUT) is Linux-only");
        MappedFile closed = MappedFile.open(dir.resolve("closed"), 1 << 20);
        closed.buffer().put(0, (byte) 1);
        closed.force();
        closed.close();
        // As when retention unmaps a segment the window is about to advise: nothing is advised.
        assertFalse(closed.pageOut(0, 1 << 20), "a closed file advises nothing");
        assertTrue(PageOut.isSupported(), "a closed file does not turn the window off");

        try (MappedFile open = MappedFile.open(dir.resolve("open"), 1 << 20)) {
            open.buffer().put(0, (byte) 2);
            open.force();
            assertTrue(open.pageOut(0, 1 << 20));
            assertTrue(open.buffer().get(0) == 2, "a page handed back reads back from the file");
        }
    }

    @Test
    void piecesShorterThanAPageAdviseNothing() throws IOException {
        try (MappedFile file = MappedFile.open(dir.resolve("small"), 1 << 20)) {
            assertFalse(file.pageOut(100, 4000));
            assertFalse(file.pageOut(4096, 4096));
        }
    }
}
