package dev.signalbox.storage.vertx;

import io.vertx.core.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Store completions on their way back to one Vert.x context, handed over in bulk. The store's
 * agents complete appends a group at a time (every append one write batch covers), and a
 * {@link Context#runOnContext} for each would be one task, and often one wake-up of the event
 * loop, per record. Here the first completion of a group schedules one task and the rest join
 * the queue that task drains, in the order they were posted.
 *
 * <p>Threading: {@link #post} from any thread; the completions run on the context. One inbox per
 * context and adapter, kept in the context's data, so it lives as long as the context does.
 */
final class ContextInbox {

    private final Context context;
    private final Queue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean isScheduled = new AtomicBoolean();

    ContextInbox(Context context) {
        this.context = context;
    }

    /** Runs {@code completion} on the context, after every completion posted before it. */
    void post(Runnable completion) {
        completions.add(completion);
        if (isScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        // Cleared first: a completion posted while this drains either is seen below or schedules
        // the next drain, so none is left behind.
        isScheduled.set(false);
        Runnable completion;
        while ((completion = completions.poll()) != null) {
            completion.run();
        }
    }
}
