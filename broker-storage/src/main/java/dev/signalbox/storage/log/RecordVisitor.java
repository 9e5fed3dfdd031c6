package dev.signalbox.storage.log;

import dev.signalbox.storage.StoredRecord;
import java.io.IOException;

/**
 * Receives every verified record, in log order, while {@link CommitLog#open} scans the log.
 *
 * <p>Threading: called on the thread that opens the log, before the store is shared.
 */
@FunctionalInterface
public interface RecordVisitor {

    /** One verified record and its encoded size; an exception aborts the open. */
    void accept(StoredRecord record, int size) throws IOException;
}
