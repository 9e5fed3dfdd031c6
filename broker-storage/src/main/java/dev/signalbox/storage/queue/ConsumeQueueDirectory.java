package dev.signalbox.storage.queue;

import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.file.AtomicFile;
import dev.signalbox.storage.file.Directories;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@link ConsumeQueue}, laid out as {@code consumequeue/<topic>/<queueId>/<first offset>},
 * and the registry {@code consumequeue/queues} (a line {@code topic/queueId} per queue ever
 * created, replaced atomically when a queue is added) by which recovery notices a queue whose
 * files went missing.
 *
 * <p>Threading: {@link #find} and {@link #all} are safe on any thread; {@link #getOrCreate}
 * belongs to the dispatcher (or recovery). Owns its queues and closes them.
 */
public final class ConsumeQueueDirectory implements Closeable {

    private static final String REGISTRY = "queues";
    private static final System.Logger LOG = System.getLogger(ConsumeQueueDirectory.class.getName());

    private final Path dir;
    private final int entriesPerFile;
    private final ConcurrentHashMap<QueueKey, ConsumeQueue> queues = new ConcurrentHashMap<>();
    private final Set<QueueKey> registered =
            new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
    private final List<QueueKey> missing = new ArrayList<>();

    private ConsumeQueueDirectory(Path dir, int entriesPerFile) {
        this.dir = dir;
        this.entriesPerFile = entriesPerFile;
    }

    /** Opens every queue found under {@code dir}. */
    public static ConsumeQueueDirectory open(Path dir, int entriesPerFile) throws IOException {
        Files.createDirectories(dir);
        ConsumeQueueDirectory directory = new ConsumeQueueDirectory(dir, entriesPerFile);
        AtomicFile.deleteLeftovers(dir);
        directory.loadRegistry();
        try (DirectoryStream<Path> topics = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path topicDir : topics) {
                String topic = topicDir.getFileName().toString();
                if (!StoreNames.isValidName(topic) || !Files.isDirectory(topicDir)) {
                    LOG.log(Level.WARNING, "ignoring unexpected entry in the consume queue directory: {0}", topicDir);
                    continue;
                }
                directory.openQueues(topic, topicDir);
            }
        }
        for (QueueKey key : directory.registered) {
            if (!directory.queues.containsKey(key)) {
                directory.missing.add(key);
                directory.getOrCreate(key.topic(), key.queueId());
            }
        }
        return directory;
    }

    private void loadRegistry() throws IOException {
        Path file = dir.resolve(REGISTRY);
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int slash = line.lastIndexOf('/');
            if (slash > 0
                    && StoreNames.isValidName(line.substring(0, slash))
                    && line.substring(slash + 1).matches("[0-9]{1,4}")) {
                registered.add(new QueueKey(line.substring(0, slash), Integer.parseInt(line.substring(slash + 1))));
            }
        }
    }

    private void register(QueueKey key) throws IOException {
        if (registered.add(key)) {
            rewriteRegistry();
        }
    }

    private void rewriteRegistry() throws IOException {
        StringBuilder text = new StringBuilder();
        for (QueueKey each : registered) {
            text.append(each).append('\n');
        }
        AtomicFile.write(dir.resolve(REGISTRY), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Queues the registry names whose files were gone at open (now empty, to be rebuilt). */
    public List<QueueKey> missingAtOpen() {
        return List.copyOf(missing);
    }

    private void openQueues(String topic, Path topicDir) throws IOException {
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(topicDir)) {
            for (Path idDir : ids) {
                String name = idDir.getFileName().toString();
                if (name.matches("[0-9]{1,4}") && Files.isDirectory(idDir)) {
                    QueueKey key = new QueueKey(topic, Integer.parseInt(name));
                    queues.put(key, ConsumeQueue.open(key, idDir, entriesPerFile));
                } else {
                    LOG.log(Level.WARNING, "ignoring unexpected entry in the consume queue directory: {0}", idDir);
                }
            }
        }
    }

    /** The queue, empty when nothing was ever dispatched to it. */
    public Optional<ConsumeQueue> find(String topic, int queueId) {
        return Optional.ofNullable(queues.get(new QueueKey(topic, queueId)));
    }

    /** The queue, creating its directory (durably) on its first record. Dispatcher or recovery only. */
    public ConsumeQueue getOrCreate(String topic, int queueId) throws IOException {
        QueueKey key = new QueueKey(topic, queueId);
        ConsumeQueue queue = queues.get(key);
        if (queue == null) {
            Path topicDir = dir.resolve(topic);
            boolean newTopic = !Files.isDirectory(topicDir);
            queue = ConsumeQueue.open(key, topicDir.resolve(Integer.toString(queueId)), entriesPerFile);
            Directories.fsync(topicDir);
            if (newTopic) {
                Directories.fsync(dir);
            }
            queues.put(key, queue);
            register(key);
        }
        return queue;
    }

    /** Every queue; a live view. */
    public Collection<ConsumeQueue> all() {
        return queues.values();
    }

    /** Recovery: removes every entry pointing at or past {@code logOffset}; returns how many were removed. */
    public long trimFrom(long logOffset) {
        long removed = 0;
        for (ConsumeQueue queue : queues.values()) {
            removed += queue.trimFrom(logOffset);
        }
        return removed;
    }

    /** Recovery: deletes queues left without entries whose topic the log no longer holds. */
    public void deleteEmpty(Collection<QueueKey> keep) throws IOException {
        List<QueueKey> gone = new ArrayList<>();
        for (ConsumeQueue queue : queues.values()) {
            if (queue.published() == 0 && !keep.contains(queue.key())) {
                gone.add(queue.key());
            }
        }
        for (QueueKey key : gone) {
            registered.remove(key);
            ConsumeQueue queue = queues.remove(key);
            queue.delete();
            Path topicDir = dir.resolve(key.topic());
            try (var left = Files.list(topicDir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(topicDir);
                }
            }
        }
        if (!gone.isEmpty()) {
            Directories.fsync(dir);
            rewriteRegistry();
        }
    }

    /** fsyncs what was published since the last flush, every queue. */
    public void flush() throws IOException {
        for (ConsumeQueue queue : queues.values()) {
            queue.flush();
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
