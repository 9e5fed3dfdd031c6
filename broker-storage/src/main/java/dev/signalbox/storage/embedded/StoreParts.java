package dev.signalbox.storage.embedded;

import dev.signalbox.storage.RecoveryReport;
import dev.signalbox.storage.StoreConfig;
import dev.signalbox.storage.docs.DocumentDirectory;
import dev.signalbox.storage.index.KeyIndex;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.offsets.OffsetsFile;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The recovered pieces of a store, opened in dependency order: lock the directory, open the queue
 * files, scan the log (repairing every queue and rebuilding the key index from each verified
 * record), cut the queues to the log, then load offsets and documents.
 *
 * <p>Threading: built and closed on the thread that opens and closes the store; its parts carry
 * their own contracts. Owns every part and closes them in reverse order.
 */
record StoreParts(
        DataDirectory data,
        CommitLog log,
        ConsumeQueueDirectory queues,
        KeyIndex index,
        OffsetsFile offsets,
        DocumentDirectory documents,
        RecoveryReport report) {

    static StoreParts recover(StoreConfig config) throws IOException {
        DataDirectory data = DataDirectory.acquire(config.dataDir());
        List<Closeable> opened = new ArrayList<>(List.of(data));
        try {
            ConsumeQueueDirectory queues = ConsumeQueueDirectory.open(data.consumeQueueDir());
            opened.add(queues);
            KeyIndex index = new KeyIndex();
            CommitLog log = CommitLog.open(data.commitLogDir(), config.segmentBytes(), (record, size) -> {
                queues.repair(record.topic(), record.queueOffset(), record.logOffset(), size);
                index.add(record.topic(), record.keys(), record.logOffset());
            });
            opened.add(log);
            queues.finishRecovery();
            OffsetsFile offsets = OffsetsFile.open(data.root());
            DocumentDirectory documents = DocumentDirectory.open(data.root());
            CommitLog.RecoveredLog recovered = log.recovered();
            RecoveryReport report = new RecoveryReport(
                    recovered.records(), recovered.bytesCut(), recovered.reason(), data.cleanShutdown());
            return new StoreParts(data, log, queues, index, offsets, documents, report);
        } catch (IOException | RuntimeException e) {
            if (data.cleanShutdown()) {
                // The marker tells whether the last run closed; a failed open must not turn that into a crash.
                opened.add(1, data::markCleanShutdown);
            }
            closeAll(opened, e);
            throw e;
        }
    }

    private static void closeAll(List<Closeable> opened, Exception cause) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /**
     * Closes the files after the writer and flush threads have stopped; the abort marker is removed
     * only when the store is healthy and everything closed, so a failed store reopens as a crash.
     */
    void close(StoreHealth health) throws IOException {
        IOException failure = null;
        for (Closeable part : List.<Closeable>of(log, queues)) {
            try {
                part.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        try {
            if (failure == null && !health.isFailed()) {
                data.markCleanShutdown();
            }
        } finally {
            data.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
