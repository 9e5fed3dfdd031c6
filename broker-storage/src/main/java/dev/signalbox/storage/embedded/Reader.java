package dev.signalbox.storage.embedded;

import dev.signalbox.storage.ReadResult;
import dev.signalbox.storage.ReadStatus;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.index.KeyIndex;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.log.CorruptRecordException;
import dev.signalbox.storage.log.RecordDescriptor;
import dev.signalbox.storage.queue.ConsumeQueue;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import dev.signalbox.storage.queue.QueueKey;
import dev.signalbox.storage.retention.TopicTtls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read side of the store: records by (topic, queue, offset) through the ConsumeQueue, records
 * by key through the index, and where each queue now starts once retention and TTLs are counted.
 * Every record read is CRC-checked. Reads use positional file reads, never the mappings, so a
 * segment deleted mid-read gives a clean "gone", never a crash.
 *
 * <p>Threading: thread-safe and blocking (file I/O): worker threads only. Sees only what the
 * dispatcher has published.
 */
final class Reader {

    private static final int READ_CHUNK_ENTRIES = 1024;

    private final CommitLog log;
    private final ConsumeQueueDirectory queues;
    private final KeyIndex index;
    private final TopicTtls ttls;
    private final Map<QueueKey, Long> ttlFloors = new ConcurrentHashMap<>();

    Reader(CommitLog log, ConsumeQueueDirectory queues, KeyIndex index, TopicTtls ttls) {
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.ttls = ttls;
    }

    long nextOffset(String topic, int queueId) {
        return queues.find(topic, queueId).map(ConsumeQueue::published).orElse(0L);
    }

    /** The lowest queue offset still readable: past deleted segments and the topic's TTL. */
    long earliestOffset(String topic, int queueId) throws IOException {
        return earliestOffset(topic, queueId, true);
    }

    /**
     * @param precise also search the queue for the first entry above the log's start, for the
     *     moment between retention deleting a segment and trimming the queue's head
     */
    private long earliestOffset(String topic, int queueId, boolean precise) throws IOException {
        Optional<ConsumeQueue> queue = queues.find(topic, queueId);
        if (queue.isEmpty()) {
            return 0;
        }
        long earliest = queue.get().minOffset();
        if (precise) {
            earliest = Math.max(earliest, firstEntryAtOrAbove(queue.get(), log.minOffset()));
        }
        Optional<Duration> ttl = ttls.ttl(topic);
        if (ttl.isPresent()) {
            earliest = Math.max(
                    earliest,
                    firstYoungerThan(
                            queue.get(),
                            earliest,
                            System.currentTimeMillis() - ttl.get().toMillis()));
        }
        return earliest;
    }

    /** The first queue offset whose record starts at or above {@code logStart} (the queue's head may lag retention). */
    private static long firstEntryAtOrAbove(ConsumeQueue queue, long logStart) throws IOException {
        long low = queue.minOffset();
        long high = queue.published();
        while (low < high) {
            long middle = (low + high) >>> 1;
            ByteBuffer entry = queue.readEntries(middle, 1);
            if (entry.remaining() == ConsumeQueue.ENTRY_BYTES
                    && entry.getLong(ConsumeQueue.LOG_OFFSET_OFFSET) >= logStart) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    private long firstYoungerThan(ConsumeQueue queue, long from, long cutoff) throws IOException {
        long low = Math.max(from, ttlFloors.getOrDefault(queue.key(), from));
        long high = queue.published();
        while (low < high) {
            long middle = (low + high) >>> 1;
            ByteBuffer entry = queue.readEntries(middle, 1);
            long stored = entry.remaining() == ConsumeQueue.ENTRY_BYTES
                    ? log.storeTimestampAt(entry.getLong(ConsumeQueue.LOG_OFFSET_OFFSET))
                    : -1;
            if (stored >= cutoff) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        ttlFloors.put(queue.key(), low);
        return low;
    }

    ReadResult fetch(String topic, int queueId, long fromOffset, int maxRecords) throws IOException {
        Optional<ConsumeQueue> queue = queues.find(topic, queueId);
        if (queue.isEmpty()) {
            return new ReadResult(ReadStatus.OK, List.of(), 0, 0);
        }
        long end = queue.get().published();
        long earliest = earliestOffset(topic, queueId, false);
        if (fromOffset < earliest) {
            // The answer names where to resume, so it must not lag a retention pass in progress.
            return new ReadResult(ReadStatus.OFFSET_GONE, List.of(), earliestOffset(topic, queueId, true), end);
        }
        long until = fromOffset + Math.min(maxRecords, Math.max(0, end - fromOffset));
        List<StoredRecord> records = new ArrayList<>((int) Math.min(until - fromOffset, READ_CHUNK_ENTRIES));
        for (long at = fromOffset; at < until; at += READ_CHUNK_ENTRIES) {
            int count = (int) Math.min(READ_CHUNK_ENTRIES, until - at);
            ByteBuffer entries = queue.get().readEntries(at, count);
            for (int i = 0; i < count; i++) {
                Optional<StoredRecord> record = entries.remaining() >= ConsumeQueue.ENTRY_BYTES
                        ? readEntry(queue.get().key(), at + i, entries)
                        : Optional.empty();
                if (record.isEmpty()) {
                    return goneOrBroken(topic, queueId, at + i, records, end);
                }
                records.add(record.get());
            }
        }
        return new ReadResult(ReadStatus.OK, records, earliest, end);
    }

    /** A record vanished under the read: retention deleted it (gone), or the files disagree (an error). */
    private ReadResult goneOrBroken(String topic, int queueId, long offset, List<StoredRecord> read, long end)
            throws IOException {
        long earliest = earliestOffset(topic, queueId);
        if (offset < earliest) {
            return read.isEmpty()
                    ? new ReadResult(ReadStatus.OFFSET_GONE, List.of(), earliest, end)
                    : new ReadResult(ReadStatus.OK, read, earliest, end);
        }
        throw new IOException("queue entry " + offset + " of " + topic + "/" + queueId + " points at no record");
    }

    private Optional<StoredRecord> readEntry(QueueKey key, long queueOffset, ByteBuffer entries) throws IOException {
        long logOffset = entries.getLong();
        int size = entries.getInt();
        entries.getLong(); // tag hash
        Optional<ByteBuffer> bytes = log.readBytes(logOffset, size);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        StoredRecord record = RecordDescriptor.decode(bytes.get(), logOffset);
        if (!record.topic().equals(key.topic())
                || record.queueId() != key.queueId()
                || record.queueOffset() != queueOffset) {
            throw new IOException("consume queue entry " + queueOffset + " of " + key + " points at log offset "
                    + logOffset + ", which holds record " + record.queueOffset() + " of " + record.topic() + "/"
                    + record.queueId());
        }
        return Optional.of(record);
    }

    /** Records of the topic with the key stored within the bounds, newest first, each checked. */
    List<StoredRecord> lookup(String topic, String key, long fromMillis, long toMillis) throws IOException {
        Optional<Duration> ttl = ttls.ttl(topic);
        long from = ttl.map(t -> Math.max(fromMillis, System.currentTimeMillis() - t.toMillis()))
                .orElse(fromMillis);
        List<StoredRecord> found = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (KeyIndex.Candidate candidate : index.candidates(topic, key, from, toMillis)) {
            if (candidate.logOffset() < log.minOffset() || !seen.add(candidate.logOffset())) {
                continue;
            }
            Optional<ByteBuffer> bytes = log.readBytes(candidate.logOffset(), candidate.size());
            if (bytes.isEmpty()) {
                continue;
            }
            StoredRecord record;
            try {
                record = RecordDescriptor.decode(bytes.get(), candidate.logOffset());
            } catch (CorruptRecordException e) {
                continue; // an entry of a hash collision that does not start a record
            }
            if (record.topic().equals(topic)
                    && record.keys().contains(key)
                    && record.storeTimestamp() >= from
                    && record.storeTimestamp() <= toMillis) {
                found.add(record);
            }
        }
        return found;
    }
}
