package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One write-queue entry travelling from the caller to the writer and on to whichever agent
 * completes it: one or more records encoded by the caller (store timestamp, queue offset and crc
 * still blank), written one after the other, and the future that completes once the last of them
 * is as durable as {@link #flush} asks and visible to readers. A batch takes one slot of the
 * bounded write queue and one completion however many records it carries, which is what makes
 * {@link dev.signalbox.storage.MessageStore#appendBatch} cheaper than as many single appends;
 * each record still gets its own frame, CRC, queue offset and index entries, so recovery sees no
 * difference.
 *
 * <p>Threading: built on the caller's thread and handed over through the write queue, which
 * publishes it safely; the writer fills the offsets before handing it to {@link PendingAppends}
 * under its lock, which publishes them to the completing agent.
 */
final class AppendRequest {

    /** Queued by close: the writer drains what came before it and stops. */
    static final AppendRequest STOP =
            new AppendRequest(List.of(""), new int[] {0}, List.of(ByteBuffer.allocate(0)), FlushMode.ASYNC);

    final List<String> topics;
    final int[] queueIds;
    final List<ByteBuffer> records;
    final FlushMode flush;
    final long[] queueOffsets;
    final long[] logOffsets;
    final CompletableFuture<List<AppendResult>> result = new CompletableFuture<>();
    /** One past the last record's last byte in the log, once written. */
    long end = -1;

    /** Topics, queue ids and records, one of each per record, in the order they are written. */
    AppendRequest(List<String> topics, int[] queueIds, List<ByteBuffer> records, FlushMode flush) {
        this.topics = topics;
        this.queueIds = queueIds;
        this.records = records;
        this.flush = flush;
        this.queueOffsets = new long[records.size()];
        this.logOffsets = new long[records.size()];
        Arrays.fill(queueOffsets, -1);
        Arrays.fill(logOffsets, -1);
    }

    static AppendRequest single(String topic, int queueId, ByteBuffer record, FlushMode flush) {
        return new AppendRequest(List.of(topic), new int[] {queueId}, List.of(record), flush);
    }

    int size() {
        return records.size();
    }

    void complete(AppendStatus status) {
        List<AppendResult> results = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            results.add(
                    status == AppendStatus.OK
                            ? new AppendResult(status, queueOffsets[i], logOffsets[i])
                            : new AppendResult(status, -1, -1));
        }
        result.complete(results);
    }
}
