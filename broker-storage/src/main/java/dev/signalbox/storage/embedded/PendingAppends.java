package dev.signalbox.storage.embedded;

import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends written to the log and waiting to be answered. An {@code ASYNC} append is answered
 * once the dispatcher has made it readable; a {@code SYNC} one once it is also fsynced. Two queues
 * in log order, so an async append never waits behind a sync one's fsync.
 *
 * <p>Threading: thread-safe. The writer adds each batch before publishing it to the followers, so
 * the agent that moves a position past a request always finds it here. Futures are completed
 * outside the lock, on the thread of the agent that moved the last position they needed.
 */
final class PendingAppends {

    private final ArrayDeque<AppendRequest> async = new ArrayDeque<>();
    private final ArrayDeque<AppendRequest> sync = new ArrayDeque<>();
    private final StoreCounters counters;

    PendingAppends(StoreCounters counters) {
        this.counters = counters;
    }

    /** Writer: the batch, written and about to be published. */
    synchronized void add(List<AppendRequest> batch) {
        for (AppendRequest request : batch) {
            (request.flush == FlushMode.SYNC ? sync : async).add(request);
        }
    }

    /** Whether a SYNC append waits for an fsync. */
    synchronized boolean hasSync() {
        return !sync.isEmpty();
    }

    /** Completes every append the positions now cover. */
    void advance(long dispatched, long flushed) {
        List<AppendRequest> done = new ArrayList<>();
        int syncDone = 0;
        synchronized (this) {
            while (!async.isEmpty() && async.peek().end <= dispatched) {
                done.add(async.poll());
            }
            long durable = Math.min(dispatched, flushed);
            while (!sync.isEmpty() && sync.peek().end <= durable) {
                AppendRequest request = sync.poll();
                done.add(request);
                syncDone += request.size();
            }
        }
        counters.syncAppends.add(syncDone);
        for (AppendRequest request : done) {
            request.complete(AppendStatus.OK);
        }
    }

    /** Answers every waiting append with {@code status} (the store failed or stopped). */
    void failAll(AppendStatus status) {
        List<AppendRequest> failed;
        synchronized (this) {
            failed = new ArrayList<>(async);
            failed.addAll(sync);
            async.clear();
            sync.clear();
        }
        for (AppendRequest request : failed) {
            request.complete(status);
        }
    }
}
