package dev.signalbox.storage.timer;

import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.StoredRecord;
import java.util.concurrent.CompletionStage;

/**
 * Where the timer puts a record that is due: the store appends it to its real topic.
 *
 * <p>Threading: called on the timer agent's thread; the stage may complete on any thread.
 */
@FunctionalInterface
public interface TimerSink {

    /** Appends the due record (as read from the timer topic) to its real topic, durably ({@code SYNC}). */
    CompletionStage<AppendResult> deliver(StoredRecord delayed, long timerLogOffset);
}
