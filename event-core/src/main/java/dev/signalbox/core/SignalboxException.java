package dev.signalbox.core;

import java.util.List;
import java.util.Objects;

/**
 * The typed error of the Signalbox domain: an {@link ErrorType} from the catalogue, a detail
 * sentence for this occurrence and, for validation errors, every {@link Violation} found.
 *
 * <p>Immutable once constructed, so it may be handed between threads (e.g. completed into a
 * future on another context). Domain code throws it; the gateway's single translator turns it into
 * an RFC 9457 problem or a gRPC status. The stack trace is kept: these are rare and a trace helps
 * find which validator produced the error.
 */
public class SignalboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final String detail;
    private final List<Violation> violations;

    public SignalboxException(ErrorType type, String detail) {
        this(type, detail, List.of());
    }

    public SignalboxException(ErrorType type, String detail, List<Violation> violations) {
        super(Objects.requireNonNull(type, "type").code() + ": " + Objects.requireNonNull(detail, "detail"));
        this.type = type;
        this.detail = detail;
        this.violations = List.copyOf(Objects.requireNonNull(violations, "violations"));
    }

    /** The catalogue entry: code, title, HTTP and gRPC status. */
    public ErrorType type() {
        return type;
    }

    /** A sentence about this occurrence (RFC 9457 {@code detail}); safe to show to the client. */
    public String detail() {
        return detail;
    }

    /** Every violation found, in document order; empty when the error is not about fields. */
    public List<Violation> violations() {
        return violations;
    }
}
