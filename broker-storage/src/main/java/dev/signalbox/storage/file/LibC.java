package dev.signalbox.storage.file;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.System.Logger.Level;

/**
 * The libc calls the store makes through JNA's direct mapping, bound once for {@link PageOut}
 * and {@link FileExtents}: Linux on a 64-bit JVM only. Elsewhere, or when JNA cannot bind them,
 * {@link #LOADED} is false, logged once, and each caller falls back to doing without.
 *
 * <p>Threading: the calls are plain system calls; safe from any thread.
 */
final class LibC {

    private static final System.Logger LOG = System.getLogger(LibC.class.getName());
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    /** Whether the calls below may be made. */
    static final boolean LOADED = load();

    private LibC() {}

    static native int open(String path, int flags);

    static native int close(int fd);

    static native long lseek(int fd, long offset, int whence);

    static native int madvise(Pointer address, long length, int advice);

    static native int posix_fadvise(int fd, long offset, long length, int advice);

    private static boolean load() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            return false;
        }
        try {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (LinkageError | RuntimeException e) {
            LOG.log(
                    Level.INFO,
                    "libc is not reachable through JNA: the log's pages are left to the kernel and recovery"
                            + " bounds its scan of a log's tail ({0})",
                    e);
            return false;
        }
    }
}
