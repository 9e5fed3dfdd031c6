package dev.signalbox.gateway.schema;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Plain-Java stages as Vert.x futures on the caller's context, failures unwrapped. Stateless. */
final class Stages {

    private Stages() {}

    static <T> Future<T> on(Context context, CompletionStage<T> stage) {
        return Future.fromCompletionStage(stage, context).recover(e -> Future.failedFuture(unwrap(e)));
    }

    static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
