package dev.signalbox.storage.embedded;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fail-stop latch. After a failed fsync the kernel may have dropped the dirty pages and a later
 * fsync can succeed without them, so no later acknowledgement could be trusted: the store stops
 * accepting appends (IO_FAILED) until it is reopened and recovery re-verifies the log. Reads keep
 * working.
 *
 * <p>Threading: thread-safe; the first failure wins.
 */
final class StoreHealth {

    private static final System.Logger LOG = System.getLogger(StoreHealth.class.getName());

    private final AtomicReference<IOException> failure = new AtomicReference<>();

    void fail(IOException cause) {
        if (failure.compareAndSet(null, cause)) {
            LOG.log(Level.ERROR, "storage failed; appends answer IO_FAILED until the store is reopened", cause);
        }
    }

    boolean isFailed() {
        return failure.get() != null;
    }

    Optional<IOException> failure() {
        return Optional.ofNullable(failure.get());
    }
}
