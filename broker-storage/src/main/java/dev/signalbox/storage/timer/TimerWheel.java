package dev.signalbox.storage.timer;

import dev.signalbox.storage.file.MappedFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

/**
 * The time wheel: one slot per second, {@code seconds} slots round, each naming the tail of its
 * chain in the {@link TimerLog}. Slot {@code s % seconds} serves second {@code s}; a slot still
 * holding an earlier round's second is reset when a later second claims it.
 *
 * <pre>
 *  file timer/wheel, slot i at i * 24:
 *  0               8               16      20      24
 *  +---------------+---------------+-------+-------+
 *  |    second     |  tail entry   | count |unused |   tail: TimerLog entry number, -1 = none
 *  +---------------+---------------+-------+-------+
 * </pre>
 *
 * <p>Threading: confined to the timer agent's thread.
 */
final class TimerWheel implements Closeable {

    static final int SLOT_BYTES = 24;

    private final MappedFile file;
    private final MappedByteBuffer map;
    private final int seconds;

    private TimerWheel(MappedFile file, int seconds) {
        this.file = file;
        this.map = file.buffer();
        this.seconds = seconds;
    }

    static TimerWheel open(Path path, int seconds) throws IOException {
        return new TimerWheel(MappedFile.open(path, seconds * SLOT_BYTES), seconds);
    }

    int seconds() {
        return seconds;
    }

    private int at(long second) {
        return (int) Math.floorMod(second, (long) seconds) * SLOT_BYTES;
    }

    /** The tail entry of second {@code second}'s chain, -1 when it has none. */
    long tail(long second) {
        int at = at(second);
        return map.getLong(at) == second && map.getInt(at + 16) > 0 ? map.getLong(at + 8) : -1;
    }

    /** Makes {@code entry} the new tail of second {@code second}'s chain. */
    void link(long second, long entry) {
        int at = at(second);
        int count = map.getLong(at) == second ? map.getInt(at + 16) : 0;
        map.putLong(at, second);
        map.putLong(at + 8, entry);
        map.putInt(at + 16, count + 1);
    }

    /** Forgets every slot (the wheel is rebuilt from the timer log). */
    void clear() {
        map.put(0, new byte[map.capacity()]);
    }

    void force() throws IOException {
        file.force();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
