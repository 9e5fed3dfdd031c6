package dev.signalbox.storage.file;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;

/**
 * Releases a mapping at once instead of when the garbage collector finds it, so a deleted 1 GiB
 * segment gives its disk space back now (Lucene, Netty and RocketMQ do the same). Java 17 has no
 * public API for it; {@code sun.misc.Unsafe.invokeCleaner} in {@code jdk.unsupported} is the
 * supported escape hatch. Without it the mapping is left to the collector.
 *
 * <p>Threading: stateless. The caller must guarantee that no thread touches the buffer (or any
 * duplicate of it) afterwards: an access to an unmapped region crashes the JVM. {@link MappedFile}
 * is the only caller and enforces that.
 */
final class Unmapper {

    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = type.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unsafe = null;
            invokeCleaner = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private Unmapper() {}

    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Left to the collector: correct, only slower to give the space back.
        }
    }
}
