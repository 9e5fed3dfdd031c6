package dev.signalbox.storage.embedded;

import dev.signalbox.storage.RecoveryReport;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.docs.DocumentDirectory;
import dev.signalbox.storage.file.CheckpointFile;
import dev.signalbox.storage.index.KeyIndex;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.log.RecordView;
import dev.signalbox.storage.log.RecoveredLog;
import dev.signalbox.storage.offsets.OffsetsFile;
import dev.signalbox.storage.queue.ConsumeQueue;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import dev.signalbox.storage.queue.QueueKey;
import dev.signalbox.storage.retention.TopicTtls;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a store's files and makes them agree, RocketMQ style:
 *
 * <ol>
 *   <li>Lock the directory and read the abort marker and the checkpoint.
 *   <li>Open the CommitLog. After a clean shutdown the checkpoint is the log's exact end; after a
 *       crash (or with no checkpoint) every record from the start of the segment holding the
 *       checkpoint is CRC-verified, and the log is cut at the first torn or corrupt one.
 *   <li>Trim the ConsumeQueues and the index to where verification starts, and re-dispatch every
 *       verified record into them (checking each queue's offsets follow on).
 *   <li>Rebuild from the whole log any queue that is missing, behind, or whose last entry does not
 *       point at its record.
 *   <li>Load consumer offsets, documents and TTLs; after a crash, hold every consumer offset past
 *       its topic's recovered end to that end.
 * </ol>
 *
 * <p>Threading: runs on the opening thread before anything is shared.
 */
final class StoreRecovery {

    private static final System.Logger LOG = System.getLogger(StoreRecovery.class.getName());

    private StoreRecovery() {}

    static StoreFiles recover(StoreConfig config) throws IOException {
        long started = System.nanoTime();
        DataDirectory data = DataDirectory.acquire(config.dataDir());
        List<Closeable> opened = StoreFiles.list();
        opened.add(data);
        try {
            CheckpointFile checkpoint = CheckpointFile.open(data.checkpointFile(), FlushAgent.CHECKPOINT_VALUES);
            opened.add(checkpoint);
            Optional<long[]> saved = checkpoint.read();
            ConsumeQueueDirectory queues =
                    ConsumeQueueDirectory.open(data.consumeQueueDir(), config.queueFileEntries());
            opened.add(queues);
            KeyIndex index = KeyIndex.open(data.indexDir(), config.indexSlots(), config.indexEntries());
            opened.add(index);
            Dispatcher dispatcher = new Dispatcher(queues, index);
            dispatcher.recovering(true);
            boolean clean = data.cleanShutdown() && saved.isPresent();
            long verifyFrom = saved.map(v -> Math.min(v[FlushAgent.LOG_FLUSHED], v[FlushAgent.DISPATCHED]))
                    .orElse(0L);
            CommitLog log = CommitLog.open(
                    data.commitLogDir(), config.segmentBytes(), config.maxRecordBytes(), verifyFrom, clean, dispatcher);
            opened.add(log);
            dispatcher.publish();
            Set<QueueKey> rebuild = new LinkedHashSet<>(dispatcher.behind());
            rebuild.addAll(queues.missingAtOpen());
            rebuild.addAll(inconsistentTails(queues, log));
            if (!rebuild.isEmpty()) {
                rebuildQueues(rebuild, queues, log, dispatcher);
            }
            dispatcher.following();
            queues.deleteEmpty(Set.of());
            OffsetsFile offsets = OffsetsFile.open(data.root());
            if (!data.cleanShutdown()) {
                holdOffsetsWithinTheLog(offsets, queues);
            }
            DocumentDirectory documents = DocumentDirectory.open(data.root());
            TopicTtls ttls = TopicTtls.open(data.root());
            RecoveryReport report = report(log.recovered(), queues, data, rebuild.size(), started);
            return new StoreFiles(data, checkpoint, log, queues, index, dispatcher, offsets, documents, ttls, report);
        } catch (IOException | RuntimeException e) {
            if (data.cleanShutdown()) {
                // The marker tells whether the last run closed; a failed open must not turn that into a crash.
                opened.add(1, data::markCleanShutdown);
            }
            StoreFiles.closeAll(opened, e);
            throw e;
        }
    }

    /** Consumer offsets past what a crash left of their topic go back to its end (see {@link OffsetsFile#holdWithin}). */
    private static void holdOffsetsWithinTheLog(OffsetsFile offsets, ConsumeQueueDirectory queues) throws IOException {
        List<String> lowered = offsets.holdWithin(
                topic -> queues.find(topic, 0).map(ConsumeQueue::published).orElse(0L));
        if (!lowered.isEmpty()) {
            LOG.log(
                    Level.WARNING,
                    "consumer offsets past the recovered end of their topic (records the crash lost) held to it: {0}",
                    lowered);
        }
    }

    /** Queues whose last entry does not point at their own last record. */
    private static Set<QueueKey> inconsistentTails(ConsumeQueueDirectory queues, CommitLog log) throws IOException {
        Set<QueueKey> broken = new LinkedHashSet<>();
        for (ConsumeQueue queue : queues.all()) {
            long last = queue.published() - 1;
            if (last < queue.minOffset()) {
                continue;
            }
            long[] entry = queue.entry(last);
            Optional<ByteBuffer> bytes = log.readBytes(entry[0], (int) entry[1]);
            RecordView view = new RecordView();
            boolean ok = bytes.isPresent()
                    && bytes.get().getInt(0) == dev.signalbox.storage.log.RecordDescriptor.MAGIC
                    && view.parse(bytes.get(), 0, (int) entry[1])
                    && view.isCrcValid()
                    && view.topic().equals(queue.key().topic())
                    && view.queueId() == queue.key().queueId()
                    && view.queueOffset() == last;
            if (!ok) {
                broken.add(queue.key());
            }
        }
        return broken;
    }

    private static void rebuildQueues(
            Set<QueueKey> rebuild, ConsumeQueueDirectory queues, CommitLog log, Dispatcher dispatcher)
            throws IOException {
        LOG.log(Level.WARNING, "rebuilding consume queues from the commit log: {0}", rebuild);
        for (QueueKey key : rebuild) {
            queues.getOrCreate(key.topic(), key.queueId()).clear();
        }
        dispatcher.rebuilding(rebuild);
        RecordView view = new RecordView();
        long position = log.minOffset();
        long end = log.writtenOffset();
        while (position < end) {
            position = log.follow(position, end, 65536, view, dispatcher);
            dispatcher.publish();
        }
    }

    private static RecoveryReport report(
            RecoveredLog recovered, ConsumeQueueDirectory queues, DataDirectory data, int rebuilt, long started) {
        long records = 0;
        for (ConsumeQueue queue : queues.all()) {
            if (!queue.key().topic().startsWith("__")) {
                records += queue.published() - queue.minOffset();
            }
        }
        return new RecoveryReport(
                records,
                recovered.bytesCut(),
                recovered.reason(),
                data.cleanShutdown(),
                recovered.verifiedFrom(),
                recovered.recordsVerified(),
                rebuilt,
                (System.nanoTime() - started) / 1_000_000);
    }
}
