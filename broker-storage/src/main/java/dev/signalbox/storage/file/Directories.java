package dev.signalbox.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes directory changes durable. Creating, renaming or deleting a file changes its directory, and
 * that change survives a power loss only once the directory itself is fsynced (POSIX; Aeron's
 * {@code RecordingWriter} and RocketMQ do the same).
 *
 * <p>Threading: stateless, safe on any thread.
 */
public final class Directories {

    private Directories() {}

    /** fsyncs the directory's entries. */
    public static void fsync(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
