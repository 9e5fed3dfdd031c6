package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One append travelling from the caller to the writer and on to whichever agent completes it: the
 * record encoded by the caller (store timestamp, queue offset and crc still blank) and the future
 * that completes once the record is as durable as {@link #flush} asks and visible to readers.
 *
 * <p>Threading: built on the caller's thread and handed over through the write queue, which
 * publishes it safely; the writer fills the offsets before handing it to {@link PendingAppends}
 * under its lock, which publishes them to the completing agent.
 */
final class AppendRequest {

    /** Queued by close: the writer drains what came before it and stops. */
    static final AppendRequest STOP = new AppendRequest("", 0, ByteBuffer.allocate(0), FlushMode.ASYNC);

    final String topic;
    final int queueId;
    final ByteBuffer record;
    final FlushMode flush;
    final CompletableFuture<AppendResult> result = new CompletableFuture<>();
    long queueOffset = -1;
    long logOffset = -1;
    long end = -1;

    AppendRequest(String topic, int queueId, ByteBuffer record, FlushMode flush) {
        this.topic = topic;
        this.queueId = queueId;
        this.record = record;
        this.flush = flush;
    }

    void complete(AppendStatus status) {
        if (status == AppendStatus.OK) {
            result.complete(new AppendResult(status, queueOffset, logOffset));
        } else {
            result.complete(new AppendResult(status, -1, -1));
        }
    }
}
