package dev.signalbox.storage.embedded;

import dev.signalbox.storage.RecoveryReport;
import dev.signalbox.storage.docs.DocumentDirectory;
import dev.signalbox.storage.file.CheckpointFile;
import dev.signalbox.storage.index.KeyIndex;
import dev.signalbox.storage.log.CommitLog;
import dev.signalbox.storage.offsets.OffsetsFile;
import dev.signalbox.storage.queue.ConsumeQueueDirectory;
import dev.signalbox.storage.retention.TopicTtls;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The recovered files of a store, ready for its agents: opened by {@link StoreRecovery}, closed
 * here in reverse order once every agent has stopped.
 *
 * <p>Threading: built and closed on the thread that opens and closes the store; the parts carry
 * their own contracts.
 */
record StoreFiles(
        DataDirectory data,
        CheckpointFile checkpoint,
        CommitLog log,
        ConsumeQueueDirectory queues,
        KeyIndex index,
        Dispatcher dispatcher,
        OffsetsFile offsets,
        DocumentDirectory documents,
        TopicTtls ttls,
        RecoveryReport report) {

    /**
     * Closes the files; the abort marker is removed only when the store is healthy and everything
     * closed, so a failed store reopens as a crash.
     */
    void close(StoreHealth health) throws IOException {
        IOException failure = null;
        for (Closeable part : List.<Closeable>of(index, queues, log, checkpoint)) {
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

    /** Closes what a failed open had opened, keeping the first failure. */
    static void closeAll(List<Closeable> opened, Exception cause) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    static List<Closeable> list() {
        return new ArrayList<>();
    }
}
