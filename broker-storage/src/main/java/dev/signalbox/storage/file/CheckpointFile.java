package dev.signalbox.storage.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A small set of longs updated in place and durably, torn-write safe without a rename: two slots
 * written alternately, each with a sequence number and a CRC, so a write cut by a crash spoils only
 * the slot being written and the other one still holds the previous values.
 *
 * <pre>
 *  slot A at 0, slot B at 128, each (big-endian):
 *  0       4       8               16                                       16 + 8n
 *  +-------+-------+---------------+----------------------------------------+--------+
 *  | magic | count |   sequence    |   values: count longs                  | crc32c |
 *  +-------+-------+---------------+----------------------------------------+--------+
 *  magic = 0x5B0CC4EC; crc32c covers [0, 16 + 8n); the slot with the higher valid sequence wins.
 * </pre>
 *
 * <p>Threading: {@link #write} is serialised on this object; {@link #read} is for the opening
 * thread. Owned by whoever opened it.
 */
public final class CheckpointFile implements Closeable {

    public static final int MAGIC = 0x5B0C_C4EC;
    public static final int SLOT_BYTES = 128;
    public static final int MAX_VALUES = (SLOT_BYTES - 16 - 4) / 8;

    private final FileChannel channel;
    private final int count;
    private long sequence;

    private CheckpointFile(FileChannel channel, int count, long sequence) {
        this.channel = channel;
        this.count = count;
        this.sequence = sequence;
    }

    /** Opens (creating durably when absent) a checkpoint of {@code count} values. */
    public static CheckpointFile open(Path file, int count) throws IOException {
        if (count < 1 || count > MAX_VALUES) {
            throw new IllegalArgumentException("a checkpoint holds 1 to " + MAX_VALUES + " values");
        }
        boolean existed = Files.exists(file);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (!existed) {
            Directories.fsync(file.toAbsolutePath().getParent());
        }
        CheckpointFile checkpoint = new CheckpointFile(channel, count, 0);
        checkpoint.sequence = checkpoint.newest().map(Slot::sequence).orElse(0L);
        return checkpoint;
    }

    private record Slot(long sequence, long[] values) {}

    /** The values last written completely, or empty when none was. */
    public Optional<long[]> read() throws IOException {
        return newest().map(Slot::values);
    }

    private Optional<Slot> newest() throws IOException {
        Slot best = null;
        for (int slot = 0; slot < 2; slot++) {
            Slot found = readSlot(slot);
            if (found != null && (best == null || found.sequence() > best.sequence())) {
                best = found;
            }
        }
        return Optional.ofNullable(best);
    }

    private Slot readSlot(int slot) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(SLOT_BYTES);
        long at = (long) slot * SLOT_BYTES;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        int length = 16 + 8 * count;
        if (buffer.limit() < length + 4 || buffer.getInt(0) != MAGIC || buffer.getInt(4) != count) {
            return null;
        }
        if (buffer.getInt(length) != crc(buffer, length)) {
            return null;
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = buffer.getLong(16 + 8 * i);
        }
        return new Slot(buffer.getLong(8), values);
    }

    private static int crc(ByteBuffer buffer, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(0).limit(length));
        return (int) crc.getValue();
    }

    /** Durably replaces the values: written to the older slot, then fsynced. */
    public synchronized void write(long... values) throws IOException {
        if (values.length != count) {
            throw new IllegalArgumentException("expected " + count + " values, got " + values.length);
        }
        long next = sequence + 1;
        int length = 16 + 8 * count;
        ByteBuffer buffer = ByteBuffer.allocate(length + 4);
        buffer.putInt(MAGIC).putInt(count).putLong(next);
        for (long value : values) {
            buffer.putLong(value);
        }
        buffer.putInt(crc(buffer, length)).flip();
        long at = (next % 2) * SLOT_BYTES;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        channel.force(false);
        sequence = next;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
