package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One append travelling from the caller to the writer: the record encoded by the caller (timestamp,
 * queue offset and crc still blank) and the future the writer completes.
 *
 * <p>Threading: built on the caller's thread and handed over through the write queue, which
 * publishes it safely; from then on only the writer thread touches it.
 */
final class AppendRequest {

    /** Queued by close: the writer drains what came before it, fsyncs and stops. */
    static final AppendRequest STOP = new AppendRequest("", List.of(), ByteBuffer.allocate(0), FlushMode.ASYNC);

    final String topic;
    final List<String> keys;
    final ByteBuffer record;
    final FlushMode flush;
    final CompletableFuture<AppendResult> result = new CompletableFuture<>();
    long queueOffset = -1;
    long logOffset = -1;

    AppendRequest(String topic, List<String> keys, ByteBuffer record, FlushMode flush) {
        this.topic = topic;
        this.keys = keys;
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
