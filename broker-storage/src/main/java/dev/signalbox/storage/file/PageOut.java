package dev.signalbox.storage.file;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.System.Logger.Level;
import java.nio.MappedByteBuffer;

/**
 * Hands pages of a file back to the kernel, through JNA: those a mapping holds with Linux's
 * {@code madvise(MADV_PAGEOUT)} (5.4 and later), those only the page cache holds with {@code
 * posix_fadvise(POSIX_FADV_DONTNEED)}. Both are hints and destroy nothing: a clean file page is
 * dropped from the page cache, a dirty one is left where it is, and a later read of the range
 * faults it in again from the file.
 *
 * <p>Why the store wants it: a log written at hundreds of MB/s fills the page cache with pages it
 * will rarely read again, and each new page the kernel hands out for the next segment is taken
 * from free memory. Where free memory is cold (a VM whose balloon returned it to the host, a
 * container near its memory limit), taking a page costs microseconds, several times the copy
 * that fills it. Pages given back behind the writer are the ones the kernel hands out next, warm.
 *
 * <p>Unsupported platforms (not Linux, a 32-bit JVM, JNA unable to load, a kernel without the
 * advice) make both calls do nothing ({@link #pageOut} returns false); the failure is logged once.
 *
 * <p>Threading: stateless apart from the one-way {@code supported} flag; safe from any thread.
 */
public final class PageOut {

    private static final System.Logger LOG = System.getLogger(PageOut.class.getName());
    private static final int MADV_PAGEOUT = 21;
    private static final int EINVAL = 22;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int PAGE = 4096;
    private static volatile boolean supported = LibC.LOADED;

    private PageOut() {}

    /** Whether {@link #pageOut} can do anything here. */
    public static boolean isSupported() {
        return supported;
    }

    /**
     * Drops the clean pages of {@code [from, to)} of {@code file} from the page cache that no
     * process maps ({@code posix_fadvise(POSIX_FADV_DONTNEED)} on a descriptor of its own): those
     * {@link #pageOut} cannot reach, cached by an earlier run of the store or by readers. Does
     * nothing where {@link #isSupported()} is false or the file cannot be opened.
     */
    static void dropCached(java.nio.file.Path file, long from, long to) {
        if (!supported || to <= from) {
            return;
        }
        int fd = LibC.open(file.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            return; // deleted meanwhile: nothing of it to keep or drop
        }
        try {
            LibC.posix_fadvise(fd, from, to - from, POSIX_FADV_DONTNEED);
        } finally {
            LibC.close(fd);
        }
    }

    /**
     * Advises the kernel to reclaim the whole pages of {@code [from, to)} of the mapping. The
     * caller keeps the mapping open meanwhile. False when nothing was advised.
     */
    static boolean pageOut(MappedByteBuffer map, int from, int to) {
        int start = (from + PAGE - 1) / PAGE * PAGE;
        int end = to == map.capacity() ? to : to / PAGE * PAGE;
        if (!supported || end <= start) {
            return false;
        }
        Pointer base = Native.getDirectBufferPointer(map);
        if (LibC.madvise(base.share(start), end - start, MADV_PAGEOUT) == 0) {
            return true;
        }
        int errno = Native.getLastError();
        if (errno == EINVAL) {
            // A kernel before 5.4, or memory locked (mlockall): every later call would fail too.
            supported = false;
            LOG.log(
                    Level.INFO,
                    "the log's pages are left to the kernel: madvise(MADV_PAGEOUT) is refused (EINVAL: Linux before 5.4, or locked memory)");
        }
        // Any other failure skips this piece only.
        return false;
    }
}
