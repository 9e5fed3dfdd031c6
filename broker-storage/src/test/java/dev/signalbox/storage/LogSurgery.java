package dev.signalbox.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Damage done to a closed store's files, as a crash or a bad disk would. */
final class LogSurgery {

    private LogSurgery() {}

    /** Keeps the first {@code position} bytes of the log: zeroes the rest of that segment and deletes later ones. */
    static void cutLogAt(Path dataDir, long position) throws IOException {
        for (Path segment : TestStores.segments(dataDir)) {
            long base = TestStores.segmentBase(segment);
            long size = Files.size(segment);
            if (base > position || (base == position && base > 0)) {
                Files.delete(segment);
            } else if (position < base + size) {
                writeAt(segment, position - base, new byte[(int) (base + size - position)]);
            }
        }
    }

    /** Inverts every bit of the log byte at global {@code position}. */
    static void flipLogByte(Path dataDir, long position) throws IOException {
        List<Path> segments = TestStores.segments(dataDir);
        for (int i = segments.size() - 1; i >= 0; i--) {
            long base = TestStores.segmentBase(segments.get(i));
            if (base <= position) {
                flipByte(segments.get(i), position - base);
                return;
            }
        }
    }

    /** Overwrites log bytes from global {@code position}. */
    static void writeLogAt(Path dataDir, long position, byte[] bytes) throws IOException {
        List<Path> segments = TestStores.segments(dataDir);
        for (int i = segments.size() - 1; i >= 0; i--) {
            long base = TestStores.segmentBase(segments.get(i));
            if (base <= position) {
                writeAt(segments.get(i), position - base, bytes);
                return;
            }
        }
    }

    static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) ~one.get(0));
            one.rewind();
            channel.write(one, position);
        }
    }

    static void writeAt(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long at = position;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        }
    }
}
