package dev.signalbox.connectors.webhook;

import dev.signalbox.connectors.DeliveryOutcome;
import dev.signalbox.connectors.DeliveryOutcome.Cause;
import dev.signalbox.connectors.auth.TokenException;
import io.vertx.core.http.HttpClientResponse;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Turns what came back from a webhook into a {@link DeliveryOutcome}, as webhook senders agree
 * (EventBridge API destinations, Knative): 2xx delivered; 408, 429, 5xx, timeouts and
 * connection failures retryable, with the receiver's {@code Retry-After} (seconds or an HTTP
 * date); 410 Gone rejected and marked gone; every other status (redirects included) rejected,
 * since the same request would meet the same answer. Stateless.
 */
final class Outcomes {

    private Outcomes() {}

    static DeliveryOutcome of(HttpClientResponse response) {
        return of(response.statusCode(), response.statusMessage(), response.getHeader("retry-after"), Instant.now());
    }

    static DeliveryOutcome of(int status, String message, String retryAfter, Instant now) {
        if (status >= 200 && status < 300) {
            return DeliveryOutcome.delivered(status);
        }
        String reason = "HTTP " + status + (message == null || message.isEmpty() ? "" : " " + message);
        if (status == 408 || status == 429 || status >= 500) {
            return DeliveryOutcome.retryable(status, reason, RetryAfter.parse(retryAfter, now));
        }
        if (status == 410) {
            return DeliveryOutcome.gone(reason);
        }
        return DeliveryOutcome.rejected(status, reason);
    }

    /** A failure before any answer: timeouts and connection errors are worth retrying. */
    static DeliveryOutcome of(Throwable failure, boolean isTimedOut) {
        String error = describe(failure);
        if (failure instanceof AddressCheck.ForbiddenAddress) {
            return DeliveryOutcome.rejected(Cause.FORBIDDEN, failure.getMessage());
        }
        if (failure instanceof TokenException token) {
            return token.isRetryable()
                    ? DeliveryOutcome.retryable(Cause.CONNECTION, token.getMessage(), Optional.empty())
                    : DeliveryOutcome.rejected(Cause.FORBIDDEN, token.getMessage());
        }
        if (isTimedOut
                || failure instanceof TimeoutException
                || error.toLowerCase().contains("timeout")) {
            return DeliveryOutcome.retryable(
                    Cause.TIMEOUT, isTimedOut ? "timeout: no answer in time" : error, Optional.empty());
        }
        if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
            return DeliveryOutcome.retryable(Cause.CONNECTION, error, Optional.empty());
        }
        return DeliveryOutcome.retryable(Cause.CONNECTION, error, Optional.empty());
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
