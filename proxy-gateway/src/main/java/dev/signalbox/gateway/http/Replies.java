package dev.signalbox.gateway.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * Answers a request once the work it started is done, so that every request gets an answer.
 * Stateless; {@code reply} runs on the thread that completes {@code work} (the request's context
 * for every future the handlers pass).
 */
public final class Replies {

    private Replies() {}

    /**
     * Runs {@code reply} with what {@code work} produced; a failure of the work, or anything
     * {@code reply} throws while it builds or sends the answer (a serialisation failure, say),
     * goes to the route's failure handling ({@code ctx.fail}, a 500 problem unless it is a typed
     * problem). Why not {@code work.onSuccess(reply).onFailure(ctx::fail)}: Vert.x hands what an
     * {@code onSuccess} callback throws to the context's exception handler, not to the route, and
     * the client waited for its own timeout. A {@code map} step fails its future instead.
     */
    public static <T> void after(RoutingContext ctx, Future<T> work, Consumer<? super T> reply) {
        work.map(value -> {
                    reply.accept(value);
                    return value;
                })
                .onFailure(ctx::fail);
    }
}
