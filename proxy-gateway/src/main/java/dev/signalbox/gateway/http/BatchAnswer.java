package dev.signalbox.gateway.http;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.ingest.Accepted;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The 200 answer to a batch, PutEvents-shaped: {@code {"failedEntryCount":n,"entries":[...]}}
 * with, per entry in order, {@code {"id":...}} (and {@code "status":"deduplicated"}) or {@code
 * {"errorCode":...,"errorMessage":...}}. Written straight as bytes, the same JSON a Jackson tree
 * would give, since a batch of 100 would otherwise build and serialise 100 tree nodes.
 * Stateless.
 */
final class BatchAnswer {

    private BatchAnswer() {}

    /** The answer for the entries' results, every one of them complete. */
    static Buffer write(List<Future<Accepted>> results) {
        int failed = 0;
        for (Future<Accepted> result : results) {
            failed += result.succeeded() ? 0 : 1;
        }
        Buffer out = Buffer.buffer(40 + results.size() * 48);
        out.appendString("{\"failedEntryCount\":").appendString(Integer.toString(failed));
        out.appendString(",\"entries\":[");
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) {
                out.appendByte((byte) ',');
            }
            Future<Accepted> result = results.get(i);
            if (result.succeeded()) {
                out.appendString("{\"id\":")
                        .appendBuffer(Json.quoted(result.result().id()));
                out.appendString(result.result().isDuplicate() ? ",\"status\":\"deduplicated\"}" : "}");
            } else if (result.cause() instanceof SignalboxException e) {
                error(out, e.type().code(), message(e));
            } else {
                error(out, ErrorType.INTERNAL.code(), "The node failed to store this entry.");
            }
        }
        return out.appendString("]}");
    }

    /**
     * 1 when an entry was refused for a reason that passes (the store busy, a rate spent: a 503 or
     * 429 had it come alone), for the answer's {@code Retry-After}; else 0, no header.
     */
    static int retryAfterSeconds(List<Future<Accepted>> results) {
        for (Future<Accepted> result : results) {
            if (result.failed()
                    && result.cause() instanceof SignalboxException e
                    && (e.type().httpStatus() == 503 || e.type().httpStatus() == 429)) {
                return 1;
            }
        }
        return 0;
    }

    private static void error(Buffer out, String code, String message) {
        out.appendString("{\"errorCode\":").appendBuffer(Json.quoted(code));
        out.appendString(",\"errorMessage\":")
                .appendBuffer(Json.quoted(message))
                .appendByte((byte) '}');
    }

    private static String message(SignalboxException e) {
        if (e.violations().isEmpty()) {
            return e.detail();
        }
        // A malformed entry carries its detail again as a violation at the root: said once.
        String violations = e.violations().stream()
                .filter(v -> !(v.pointer().isEmpty() && v.message().equals(e.detail())))
                .map(v -> (v.pointer().isEmpty() ? "" : v.pointer() + ": ") + v.message())
                .collect(Collectors.joining("; "));
        return violations.isEmpty() ? e.detail() : e.detail() + " " + violations;
    }
}
