package dev.signalbox.gateway.grpc;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.ArrayDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The acks of one gRPC stream, written in the order its requests arrived whatever order their work
 * completes in: an event refused at once (invalid, over its bus's limits) is acked after the events
 * before it, not ahead of them, and so is one whose store finished first. Each ack is built when
 * its turn comes; what building or writing it throws ends the call INTERNAL ({@link
 * Answers#failed}) and no later ack is written.
 *
 * <p>Why a queue and not one callback per work: a Vert.x future runs a callback added after it
 * completed at once, on the caller's thread, but one added before it completed later, as a task
 * on the context. A work that finished fast (refused, or done on a worker before its callback was
 * added) was acked inside its message's handler, ahead of an earlier work whose completion waited
 * in the event loop's queue: acks went out of order, and one went out after the request before it
 * had failed to be acked (AnswerFailureIT failed once so).
 *
 * <p>Confined to the call's context: it is made, given work and stopped there, and acks are built
 * and written there (a work completed on another thread hands over to it). Owned by its stream.
 */
final class StreamAcks<A> {

    /** One request waiting for its turn; {@code ack} builds its ack once {@code work} is complete. */
    private record Pending<A>(String answer, Future<?> work, Supplier<A> ack) {}

    private final GrpcServerResponse<?, A> response;
    private final Context context;
    private final Runnable written;
    private final ArrayDeque<Pending<A>> pending = new ArrayDeque<>();
    private boolean isStopped;
    private boolean hasFailed;

    /**
     * Made on the call's context; {@code written} runs there after each turn that wrote or dropped
     * acks (the stream's flow control and end look at {@link #pending} then).
     */
    StreamAcks(GrpcServerResponse<?, A> response, Runnable written) {
        this.response = response;
        this.context = Vertx.currentContext();
        this.written = written;
    }

    /**
     * Acks {@code work}'s request after every request added before it: {@code ack} builds the ack
     * from the completed work (succeeded or failed: a failed work is the ack's to tell), and
     * {@code answer} names it in the INTERNAL end ("the ack of sequence 7") if it throws. Nothing
     * is written once the acks are stopped.
     */
    <T> void add(String answer, Future<T> work, Function<AsyncResult<T>, A> ack) {
        if (isStopped) {
            return;
        }
        pending.addLast(new Pending<>(answer, work, () -> ack.apply(work)));
        // The callback only schedules a turn and never throws, so no exception can reach the
        // event loop from here; building and writing are caught in writeReady.
        work.onComplete(done -> turn());
    }

    /** Acks waiting to be written: the stream's in-flight count. */
    int pending() {
        return pending.size();
    }

    /** Whether no more acks will be written: stopped, or an ack failed and ended the call. */
    boolean isStopped() {
        return isStopped;
    }

    /** Whether an ack failed to be built or written and ended the call INTERNAL. */
    boolean hasFailed() {
        return hasFailed;
    }

    /**
     * Writes no more acks and lets go of the waiting ones (the call ended for another reason, or
     * its client cancelled it); their work goes on, but nothing is written when it completes.
     */
    void stop() {
        isStopped = true;
        pending.clear();
    }

    private void turn() {
        if (Vertx.currentContext() == context) {
            writeReady();
        } else {
            context.runOnContext(v -> writeReady());
        }
    }

    /** Writes every ack at the head of the queue whose work is complete, in order. */
    private void writeReady() {
        boolean isChanged = false;
        while (!isStopped && !pending.isEmpty() && pending.peekFirst().work().isComplete()) {
            Pending<A> head = pending.pollFirst();
            isChanged = true;
            try {
                response.write(head.ack().get());
            } catch (RuntimeException e) {
                stop();
                hasFailed = true;
                Answers.failed(response, head.answer(), e);
            }
        }
        if (isChanged) {
            written.run();
        }
    }
}
