package dev.signalbox.storage.queue;

import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.file.Directories;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every topic's {@link ConsumeQueue}, one file per topic named after it in {@code consumequeue/}.
 *
 * <p>Threading: {@link #find} is safe on any thread. {@link #getOrCreate} and {@link #forceAll}
 * belong to the writer thread; {@link #flushDirty} to the flush thread; {@link #repair} and
 * {@link #finishRecovery} to the opening thread before the store is shared. Owns its queues and
 * closes them.
 */
public final class ConsumeQueueDirectory implements Closeable {

    private static final System.Logger LOG = System.getLogger(ConsumeQueueDirectory.class.getName());

    private final Path dir;
    private final ConcurrentHashMap<String, ConsumeQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, ConsumeQueueRepair> repairs = new HashMap<>();

    private ConsumeQueueDirectory(Path dir) {
        this.dir = dir;
    }

    /** Opens every queue file in {@code dir}; call {@link #repair} for each log record, then {@link #finishRecovery}. */
    public static ConsumeQueueDirectory open(Path dir) throws IOException {
        Files.createDirectories(dir);
        ConsumeQueueDirectory directory = new ConsumeQueueDirectory(dir);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path file : stream) {
                String topic = file.getFileName().toString();
                if (StoreNames.isValidName(topic) && Files.isRegularFile(file)) {
                    directory.queues.put(topic, ConsumeQueue.open(dir, topic));
                } else {
                    LOG.log(Level.WARNING, "ignoring unexpected file in the consume queue directory: {0}", file);
                }
            }
        }
        return directory;
    }

    /** The topic's queue, empty when the topic has never been appended to. */
    public Optional<ConsumeQueue> find(String topic) {
        return Optional.ofNullable(queues.get(topic));
    }

    /** The topic's queue, creating its file (durably) on the topic's first append. */
    public ConsumeQueue getOrCreate(String topic) throws IOException {
        ConsumeQueue queue = queues.get(topic);
        if (queue == null) {
            queue = ConsumeQueue.open(dir, topic);
            Directories.fsync(dir);
            queues.put(topic, queue);
        }
        return queue;
    }

    /** Recovery: the log holds the topic's record {@code queueOffset} at {@code logOffset}. */
    public void repair(String topic, long queueOffset, long logOffset, int size) throws IOException {
        ConsumeQueueRepair repair = repairs.get(topic);
        if (repair == null) {
            repair = new ConsumeQueueRepair(getOrCreate(topic));
            repairs.put(topic, repair);
        }
        repair.accept(queueOffset, logOffset, size);
    }

    /** Recovery: cuts every queue to what the log holds and deletes the queues of topics it lacks. */
    public void finishRecovery() throws IOException {
        boolean deleted = false;
        for (ConsumeQueue queue : queues.values()) {
            ConsumeQueueRepair repair = repairs.get(queue.topic());
            if (repair == null) {
                LOG.log(Level.WARNING, "deleting consume queue {0}: the commit log has no record of it", queue.topic());
                queues.remove(queue.topic());
                queue.delete();
                deleted = true;
                continue;
            }
            long changed = repair.finish();
            if (changed > 0) {
                LOG.log(
                        Level.WARNING,
                        "consume queue {0} rebuilt to match the commit log: {1} entries rewritten or removed",
                        queue.topic(),
                        String.valueOf(changed));
            }
        }
        repairs.clear();
        if (deleted) {
            Directories.fsync(dir);
        }
    }

    /** fsyncs every queue written since its last fsync. */
    public void flushDirty() throws IOException {
        for (ConsumeQueue queue : queues.values()) {
            queue.flushIfDirty();
        }
    }

    /** fsyncs every queue, written or not; used at close. */
    public void forceAll() throws IOException {
        for (ConsumeQueue queue : queues.values()) {
            queue.force();
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (ConsumeQueue queue : queues.values()) {
            try {
                queue.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
