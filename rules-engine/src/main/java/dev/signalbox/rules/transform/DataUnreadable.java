package dev.signalbox.rules.transform;

/**
 * A transform reads the event's {@code data}, and that data claims JSON but could not be read as
 * JSON (so the event's view has none): filling the transform with nothing in its place would
 * deliver {@code null} as if the producer had sent it. The message is why the data could not be
 * read. Immutable.
 */
public final class DataUnreadable extends Exception {
    private static final long serialVersionUID = 1L;

    public DataUnreadable(String message) {
        super(message, null, false, false);
    }
}
