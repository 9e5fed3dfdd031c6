package dev.signalbox.storage.vertx;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.MessageStore;
import dev.signalbox.storage.NewRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * The single appends one event loop makes during one turn (one pass over its ready connections),
 * handed to the store as one {@link MessageStore#appendBatch}: one write-queue slot, one wake-up
 * of the writer and one completion for all of them, instead of one of each per record. Every
 * record is still its own record with its own result, in the order appended; an append waits for
 * nothing but the end of the turn it was made in (a task queued behind the turn's I/O).
 *
 * <p>Runs of one flush mode are kept apart in call order, so a {@code SYNC} append never waits
 * for the fsync of another mode and records keep their order across modes. A full write queue
 * refuses the whole run with {@code STORE_BUSY}, as it would have refused each record while it
 * stayed full. A record the store throws on (an invalid name) must not fail its neighbours: the
 * run is then appended record by record.
 *
 * <p>Threading: confined to one event-loop context; {@link #add} is called on it, and the results
 * come back to it through its {@link ContextInbox}.
 */
final class TurnAppends {

    private final Context context;
    private final MessageStore store;
    private final ContextInbox inbox;
    private List<NewRecord> records = new ArrayList<>();
    private List<Promise<AppendResult>> promises = new ArrayList<>();
    private FlushMode flush;

    TurnAppends(Context context, MessageStore store, ContextInbox inbox) {
        this.context = context;
        this.store = store;
        this.inbox = inbox;
    }

    Future<AppendResult> add(NewRecord record, FlushMode mode) {
        if (!records.isEmpty() && mode != flush) {
            submit(); // a run of another mode goes first
        }
        if (records.isEmpty()) {
            flush = mode;
            context.runOnContext(v -> submit());
        }
        Promise<AppendResult> promise = Promise.promise();
        records.add(record);
        promises.add(promise);
        return promise.future();
    }

    private void submit() {
        if (records.isEmpty()) {
            return; // already submitted, when the flush mode changed within the turn
        }
        List<NewRecord> run = records;
        List<Promise<AppendResult>> answers = promises;
        records = new ArrayList<>();
        promises = new ArrayList<>();
        try {
            store.appendBatch(run, flush)
                    .whenComplete((results, failure) -> inbox.post(() -> {
                        for (int i = 0; i < answers.size(); i++) {
                            if (failure != null) {
                                answers.get(i).fail(failure);
                            } else {
                                answers.get(i).complete(results.get(i));
                            }
                        }
                    }));
        } catch (RuntimeException e) {
            oneByOne(run, answers, flush);
        }
    }

    private void oneByOne(List<NewRecord> run, List<Promise<AppendResult>> answers, FlushMode mode) {
        for (int i = 0; i < run.size(); i++) {
            Promise<AppendResult> answer = answers.get(i);
            try {
                store.append(run.get(i), mode)
                        .whenComplete((result, failure) -> inbox.post(() -> {
                            if (failure != null) {
                                answer.fail(failure);
                            } else {
                                answer.complete(result);
                            }
                        }));
            } catch (RuntimeException e) {
                answer.fail(e);
            }
        }
    }
}
