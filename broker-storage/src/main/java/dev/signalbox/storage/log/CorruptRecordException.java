package dev.signalbox.storage.log;

import java.io.IOException;

/**
 * A record failed verification: bad magic, impossible length, CRC mismatch or malformed content.
 * The message names the log offset and the reason. Recovery catches it to cut the log; readers see
 * it as an {@link IOException}.
 *
 * <p>Threading: an exception, confined to the thread that caught it.
 */
public final class CorruptRecordException extends IOException {

    public CorruptRecordException(String message) {
        super(message);
    }
}
