package dev.signalbox.storage.file;

import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a sparse file holds data, through JNA and Linux's {@code lseek(SEEK_DATA / SEEK_HOLE)}: a
 * pre-allocated segment is a hole except where something was written, so recovery can look at
 * every byte a run wrote past the log's end without reading the unwritten rest of a 1 GiB file.
 * A file system without the calls reports the whole file as data, which is slower, never wrong.
 *
 * <p>Unsupported platforms (not Linux, a 32-bit JVM, JNA unable to load) answer empty, and the
 * caller falls back to its own bound; logged once.
 *
 * <p>Threading: stateless; safe from any thread.
 */
public final class FileExtents {

    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int ENXIO = 6;
    private static final boolean SUPPORTED = LibC.LOADED;

    private FileExtents() {}

    /**
     * The ranges {@code [start, end)} of {@code file} within {@code [from, to)} that may hold data,
     * in order; empty when this platform cannot tell (the caller then bounds its scan itself).
     */
    public static Optional<List<long[]>> dataRanges(Path file, long from, long to) {
        if (!SUPPORTED) {
            return Optional.empty();
        }
        int fd = LibC.open(file.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            return Optional.empty();
        }
        try {
            List<long[]> ranges = new ArrayList<>();
            long at = from;
            while (at < to) {
                long data = LibC.lseek(fd, at, SEEK_DATA);
                if (data < 0) {
                    if (Native.getLastError() == ENXIO) {
                        break; // no data past at
                    }
                    return Optional.empty();
                }
                if (data >= to) {
                    break;
                }
                long hole = LibC.lseek(fd, data, SEEK_HOLE);
                if (hole < 0) {
                    return Optional.empty();
                }
                ranges.add(new long[] {data, Math.min(hole, to)});
                at = hole;
            }
            return Optional.of(ranges);
        } finally {
            LibC.close(fd);
        }
    }
}
