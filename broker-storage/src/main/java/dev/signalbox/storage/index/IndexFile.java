package dev.signalbox.storage.index;

import dev.signalbox.storage.file.MappedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * One persistent hash index file, RocketMQ {@code IndexFile} style: a fixed table of slots, each
 * holding the newest entry whose key hashes to it, and entries appended in log order, each linked
 * to the previous entry of its slot. A lookup walks one chain, newest first.
 *
 * <pre>
 *  header, 64 bytes:
 *  0       4       8               16              24              32              40      44
 *  +-------+-------+---------------+---------------+---------------+---------------+-------+--------+
 *  | magic | slots | beginTimestamp|  endTimestamp | beginLogOffset|  endLogOffset | count | unused |
 *  +-------+-------+---------------+---------------+---------------+---------------+-------+--------+
 *  slots at 64: slots x int, the number (1-based) of the slot's newest entry, 0 = none
 *  entries at 64 + 4 * slots, entry n (1-based) at + 24 * (n - 1):
 *  0       4                               12      16      20      24
 *  +-------+-------------------------------+-------+-------+-------+
 *  |keyHash|       logOffset (long)        | size  | time  | prev  |
 *  +-------+-------------------------------+-------+-------+-------+
 *  magic = 0x5B0C1DE0; keyHash = KeyHash of (topic, key); time = seconds after beginTimestamp;
 *  prev = the slot's previous entry number, 0 = none. Timestamps are epoch milliseconds.
 * </pre>
 *
 * <p>Threading: {@link #add} and {@link #trimFrom} belong to the dispatcher (or recovery), which
 * publishes the count readers may follow through {@link #publishedCount}; readers use
 * {@link #readEntry}/{@link #readSlot} (positional reads, never the mapping). Owned by
 * {@link KeyIndex}.
 */
final class IndexFile {

    static final int MAGIC = 0x5B0C_1DE0;
    static final int HEADER_BYTES = 64;
    static final int SLOT_BYTES = 4;
    static final int ENTRY_BYTES = 24;
    private static final int SLOTS_AT = 4;
    private static final int BEGIN_TIME_AT = 8;
    private static final int END_TIME_AT = 16;
    private static final int BEGIN_OFFSET_AT = 24;
    private static final int END_OFFSET_AT = 32;
    private static final int COUNT_AT = 40;

    private final long sequence;
    private final MappedFile file;
    private final MappedByteBuffer map;
    private final int slots;
    private final int capacity;
    private int count;
    private volatile int publishedCount;
    private volatile long beginTimestamp;
    private volatile long endTimestamp;
    private volatile long beginLogOffset;
    private volatile long endLogOffset;

    private IndexFile(long sequence, MappedFile file, int slots, int capacity) {
        this.sequence = sequence;
        this.file = file;
        this.map = file.buffer();
        this.slots = slots;
        this.capacity = capacity;
    }

    static int fileBytes(int slots, int capacity) {
        return HEADER_BYTES + SLOT_BYTES * slots + ENTRY_BYTES * capacity;
    }

    /** Opens or creates the file; an existing file keeps its own geometry, read from its header. */
    static IndexFile open(Path path, long sequence, int slots, int capacity) throws IOException {
        MappedFile probe = MappedFile.open(path, HEADER_BYTES);
        int storedSlots = probe.buffer().getInt(SLOTS_AT);
        boolean existing = probe.buffer().getInt(0) == MAGIC && storedSlots > 0;
        long size = probe.fileSize();
        probe.close();
        int useSlots = existing ? storedSlots : slots;
        int useCapacity =
                existing ? (int) ((size - HEADER_BYTES - (long) SLOT_BYTES * storedSlots) / ENTRY_BYTES) : capacity;
        IndexFile index =
                new IndexFile(sequence, MappedFile.open(path, fileBytes(useSlots, useCapacity)), useSlots, useCapacity);
        if (existing) {
            index.loadHeader();
        } else {
            index.map.putInt(0, MAGIC);
            index.map.putInt(SLOTS_AT, useSlots);
        }
        return index;
    }

    private void loadHeader() {
        count = Math.max(0, Math.min(capacity, map.getInt(COUNT_AT)));
        publishedCount = count;
        beginTimestamp = map.getLong(BEGIN_TIME_AT);
        endTimestamp = map.getLong(END_TIME_AT);
        beginLogOffset = map.getLong(BEGIN_OFFSET_AT);
        endLogOffset = map.getLong(END_OFFSET_AT);
    }

    long sequence() {
        return sequence;
    }

    Path path() {
        return file.file();
    }

    boolean isFull() {
        return count >= capacity;
    }

    boolean isEmpty() {
        return publishedCount == 0;
    }

    /** Whether a record stored at {@code timestamp} can need seconds past the header's int time field. */
    boolean fitsTime(long timestamp) {
        return count == 0 || (timestamp - beginTimestamp) / 1000 < Integer.MAX_VALUE;
    }

    /** Adds one entry; the caller has checked {@link #isFull()} and {@link #fitsTime}. Dispatcher only. */
    void add(int keyHash, long logOffset, int size, long storeTimestamp) {
        if (count == 0) {
            map.putLong(BEGIN_TIME_AT, storeTimestamp);
            map.putLong(BEGIN_OFFSET_AT, logOffset);
            beginTimestamp = storeTimestamp;
            beginLogOffset = logOffset;
        }
        int number = count + 1;
        int slot = slotOf(keyHash);
        int entryAt = entryPosition(number);
        map.putInt(entryAt, keyHash);
        map.putLong(entryAt + 4, logOffset);
        map.putInt(entryAt + 12, size);
        map.putInt(entryAt + 16, (int) Math.max(0, (storeTimestamp - beginTimestamp) / 1000));
        map.putInt(entryAt + 20, map.getInt(slotPosition(slot)));
        map.putInt(slotPosition(slot), number);
        count = number;
        map.putInt(COUNT_AT, number);
        map.putLong(END_TIME_AT, Math.max(endTimestamp, storeTimestamp));
        map.putLong(END_OFFSET_AT, logOffset);
        endTimestamp = Math.max(endTimestamp, storeTimestamp);
        endLogOffset = logOffset;
    }

    /** Makes every entry added so far visible to lookups. */
    void publish() {
        publishedCount = count;
    }

    int publishedCount() {
        return publishedCount;
    }

    long beginTimestamp() {
        return beginTimestamp;
    }

    long endTimestamp() {
        return endTimestamp;
    }

    long beginLogOffset() {
        return beginLogOffset;
    }

    long endLogOffset() {
        return endLogOffset;
    }

    int slotOf(int keyHash) {
        return Math.floorMod(keyHash, slots);
    }

    private int slotPosition(int slot) {
        return HEADER_BYTES + SLOT_BYTES * slot;
    }

    private int entryPosition(int number) {
        return HEADER_BYTES + SLOT_BYTES * slots + ENTRY_BYTES * (number - 1);
    }

    /** The slot's newest entry number (any thread, positional read). */
    int readSlot(int slot) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(SLOT_BYTES);
        file.read(buffer, slotPosition(slot));
        return buffer.getInt(0);
    }

    /** Entry {@code number}: keyHash, logOffset, size, time, prev (any thread, positional read). */
    ByteBuffer readEntry(int number) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ENTRY_BYTES);
        file.read(buffer, entryPosition(number));
        return buffer.flip();
    }

    /**
     * Recovery: removes every entry whose record starts at or after {@code logOffset} (a suffix,
     * entries grow with the log) and points the slots back at the entries kept; returns how many
     * were removed.
     *
     * <p>Entries before the checkpoint were fsynced. After it an OS crash can leave any page of
     * the file older than another (the kernel writes dirty pages back in no promised order): a page
     * of entries lost (zeros) while the slots pointing into it were written, or the other way
     * round. So the walk back also takes the empty entries, and the slots are relinked by
     * {@link #relinkSlots}, which trusts only whole entries of the slot.
     */
    int trimFrom(long logOffset) {
        int low = 1;
        int high = count + 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (map.getLong(entryPosition(middle) + 4) >= logOffset) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        while (low > 1 && !isBefore(low - 1, logOffset)) {
            low--;
        }
        int keep = low - 1;
        int removed = count - keep;
        relinkSlots(keep);
        if (removed > 0) {
            map.put(entryPosition(keep + 1), new byte[ENTRY_BYTES * removed]);
        }
        count = keep;
        publishedCount = keep;
        map.putInt(COUNT_AT, keep);
        long end = keep == 0 ? 0 : map.getLong(entryPosition(keep) + 4);
        map.putLong(END_OFFSET_AT, end);
        endLogOffset = end;
        return removed;
    }

    /** Whether entry {@code number} is whole (its size is never 0) and its record lies before {@code logOffset}. */
    private boolean isBefore(int number, long logOffset) {
        int at = entryPosition(number);
        return map.getInt(at + 12) != 0 && map.getLong(at + 4) < logOffset;
    }

    /**
     * Points every slot at its newest entry among the first {@code keep}. A chain is followed back
     * through entries that are whole, of the slot and linked to an earlier entry; a slot whose
     * chain breaks (an entry a crash lost, a slot value from a page newer than its entries) is
     * found again by one scan of the kept entries, newest first, which stops once every broken
     * slot has its entry. Kept entries were fsynced, so their own links are sound.
     */
    private void relinkSlots(int keep) {
        BitSet broken = new BitSet(slots);
        for (int slot = 0; slot < slots; slot++) {
            int head = map.getInt(slotPosition(slot));
            int number = head;
            while (number > keep) {
                int at = number <= capacity ? entryPosition(number) : -1;
                int prev = at < 0 ? -1 : map.getInt(at + 20);
                if (at < 0 || map.getInt(at + 12) == 0 || slotOf(map.getInt(at)) != slot || prev >= number) {
                    broken.set(slot);
                    number = 0;
                } else {
                    number = prev;
                }
            }
            if (number < 0) {
                broken.set(slot);
                number = 0;
            }
            if (number != head) {
                map.putInt(slotPosition(slot), number); // unchanged slots stay clean pages
            }
        }
        for (int number = keep; number >= 1 && !broken.isEmpty(); number--) {
            int slot = slotOf(map.getInt(entryPosition(number)));
            if (broken.get(slot)) {
                map.putInt(slotPosition(slot), number);
                broken.clear(slot);
            }
        }
    }

    void force() throws IOException {
        file.force();
    }

    void close() throws IOException {
        file.close();
    }

    void delete() throws IOException {
        file.delete();
    }
}
