package dev.signalbox.storage.embedded;

import dev.signalbox.storage.index.KeyIndex;
import dev.signalbox.storage.log.LogFollower;
import dev.signalbox.storage.log.RecordView;
import dev.signalbox.storage.queue.ConsumeQueue;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import dev.signalbox.storage.queue.QueueKey;
import dev.signalbox.storage.timer.TimerAgent;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Turns each record of the log into its ConsumeQueue entry and its index entries (RocketMQ's
 * {@code CommitLogDispatcher}s). Used by the {@link DispatchAgent} while the store runs and by
 * recovery while it re-verifies the log; in recovery it also checks each queue's offsets follow
 * on without a repeat, and notes the queues that are behind (missing entries before the record).
 *
 * <p>Threading: confined to the one thread that follows the log. Entries become visible to
 * readers at {@link #publish}.
 */
final class Dispatcher implements LogFollower {

    private final ConsumeQueueDirectory queues;
    private final KeyIndex index;
    private final Map<ConsumeQueue, Long> touched = new HashMap<>();
    private final Map<QueueKey, Long> expected = new HashMap<>();
    private final Set<QueueKey> behind = new LinkedHashSet<>();
    private Set<QueueKey> only;
    private boolean recovering;
    private boolean indexing = true;

    Dispatcher(ConsumeQueueDirectory queues, KeyIndex index) {
        this.queues = queues;
        this.index = index;
    }

    /** Recovery mode: queue offsets are checked against what each queue already holds. */
    void recovering(boolean value) {
        recovering = value;
        expected.clear();
    }

    /**
     * Rebuild mode: only these queues' entries are written (from the log's start), nothing goes to
     * the index, and a queue's first record sets where it starts.
     */
    void rebuilding(Set<QueueKey> queuesToRebuild) {
        only = queuesToRebuild;
        indexing = false;
        recovering = false;
    }

    /** Back to following the log for every queue. */
    void following() {
        only = null;
        indexing = true;
        recovering = false;
    }

    /** Recovery starts following at {@code logOffset}: entries from there on are rewritten. */
    @Override
    public void startingAt(long logOffset) throws IOException {
        queues.trimFrom(logOffset);
        index.trimFrom(logOffset);
    }

    /** Queues found behind the log during recovery. */
    Set<QueueKey> behind() {
        return behind;
    }

    @Override
    public String accept(RecordView record, long logOffset) throws IOException {
        if (only != null && !only.contains(new QueueKey(record.topic(), record.queueId()))) {
            return "";
        }
        ConsumeQueue queue = queues.getOrCreate(record.topic(), record.queueId());
        long queueOffset = record.queueOffset();
        if (recovering) {
            long next = expected.computeIfAbsent(queue.key(), k -> queue.published());
            if (queueOffset < next) {
                return "queue offset " + queueOffset + " of " + queue.key() + " at log offset " + logOffset
                        + " repeats an earlier record (expected " + next + ")";
            }
            if (queueOffset > next) {
                behind.add(queue.key());
            }
            expected.put(queue.key(), queueOffset + 1);
        }
        if (only != null && queue.published() == 0 && !touched.containsKey(queue) && queueOffset > 0) {
            queue.startAt(queueOffset); // the log's head (and the queue's first records) went to retention
        }
        long tag = record.topic().equals(TimerAgent.TIMER_TOPIC) ? record.deliverAt() : record.tagHash();
        queue.put(queueOffset, logOffset, record.length(), tag);
        touched.merge(queue, queueOffset + 1, Math::max);
        if (indexing) {
            int[] hashes = record.keyHashes();
            for (int i = 0; i < record.keyCount(); i++) {
                index.add(hashes[i], logOffset, record.length(), record.storeTimestamp());
            }
        }
        return "";
    }

    /** Makes every entry written so far visible to readers. */
    void publish() {
        for (Map.Entry<ConsumeQueue, Long> entry : touched.entrySet()) {
            if (entry.getValue() > entry.getKey().published()) {
                entry.getKey().publish(entry.getValue());
            }
        }
        touched.clear();
        index.publish();
    }
}
