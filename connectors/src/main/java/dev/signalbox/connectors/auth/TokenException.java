package dev.signalbox.connectors.auth;

/** A token could not be obtained; {@link #isRetryable()} says whether trying later may help. */
public final class TokenException extends RuntimeException {

    private final boolean isRetryable;

    public TokenException(String message, boolean isRetryable) {
        super(message, null, false, false);
        this.isRetryable = isRetryable;
    }

    public boolean isRetryable() {
        return isRetryable;
    }
}
