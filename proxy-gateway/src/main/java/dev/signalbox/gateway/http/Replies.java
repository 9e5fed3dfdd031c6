package dev.signalbox.gateway.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * Answers a request once the work it started is done, so that every request gets an answer.
 * Stateless; {@code reply} runs on the thread that completes {@code work} (the request's context
 * for every future the handlers pass, and for {@link EventIngress}'s).
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

    /**
     * What answers a request the router never saw ({@link EventIngress}), where there is no
     * {@code ctx.fail}: {@link #fail} is that request's failure handling.
     */
    interface Answering<T> {

        /** Builds and sends the answer from what the work produced. */
        void answer(T value);

        /**
         * Answers a failure: the work's, or what {@link #answer} threw. A typed problem answers as
         * itself, anything else 500; once the answer's head went out, the connection is closed.
         */
        void fail(Throwable failure);
    }

    /**
     * {@link #after(RoutingContext, Future, Consumer)} for a request no router handles: what
     * {@code reply.answer} throws goes to {@code reply.fail}, never to the event loop (which left
     * the request unanswered until the client's timeout). On the ingest path, so it costs what an
     * {@code onComplete} callback costs: one handler object per request and no extra future.
     */
    static <T> void after(Future<T> work, Answering<T> reply) {
        work.onComplete(outcome -> answer(outcome, reply));
    }

    private static <T> void answer(AsyncResult<T> outcome, Answering<T> reply) {
        if (outcome.failed()) {
            reply.fail(outcome.cause());
            return;
        }
        try {
            reply.answer(outcome.result());
        } catch (Throwable thrown) { // as a Future's map step catches it: a StackOverflowError too
            reply.fail(thrown);
        }
    }
}
