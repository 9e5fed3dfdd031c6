package dev.signalbox.rules.transform;

/**
 * A transform's output would be larger than the delivery allows; the message says what it built.
 * Thrown as soon as that is known, before the whole output exists. Immutable.
 */
public final class OutputTooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    public OutputTooLarge(String message) {
        super(message, null, false, false);
    }
}
