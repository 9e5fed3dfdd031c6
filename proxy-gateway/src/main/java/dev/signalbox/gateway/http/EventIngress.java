package dev.signalbox.gateway.http;

import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.auth.ApiKeyAuth;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The lean path for {@code POST /v1/buses/{bus}/events}, the call on every event's way in. It
 * takes these requests before the Vert.x Web router sees them, so an event costs no route
 * matching, routing context, body handler or end handlers; the body is read into one buffer (the
 * usual single chunk kept as it came, without a copy).
 *
 * <p>It does everything the router's path does for these requests, in the same order: API-key
 * auth first, then the node's body limit (from {@code Content-Length} before reading, and as the
 * body streams in), {@code 100-continue}, then {@link EventHandlers} decodes, checks the bus's
 * limits, stores and answers exactly as for the router's route, with the same problems and the
 * same request metrics. Its answer goes out through {@link Replies#after(Future,
 * Replies.Answering)}: what building or sending it throws is answered as the router's failure
 * handler answers it (a 500 problem), never left to the event loop with the request unanswered. A
 * request it does not recognise exactly (another method, a path with a trailing slash,
 * percent-encoding or a dot segment, an {@code Expect} other than {@code 100-continue}) goes to
 * the router unchanged, which answers it as before.
 *
 * <p>Threading: one instance per {@link ApiVerticle}, called on its event loop only; the shared
 * handlers it is given are thread-safe.
 */
final class EventIngress implements Handler<HttpServerRequest> {

    private static final String PREFIX = "/v1/buses/";
    private static final String SUFFIX = "/events";
    private static final String CONTINUE = "100-continue";

    private final Publisher events;
    private final ApiKeyAuth auth;
    private final GatewayMetrics metrics;
    private final int maxBodyBytes;
    private final Handler<HttpServerRequest> router;

    /**
     * Decodes and stores what one POST to a bus carries ({@link EventHandlers#publish(String,
     * MultiMap, Buffer, String)}): its answer, or a failed future with the problem.
     */
    @FunctionalInterface
    interface Publisher {
        Future<EventHandlers.Answer> publish(String bus, MultiMap headers, Buffer body, String keyId);
    }

    EventIngress(
            Publisher events,
            ApiKeyAuth auth,
            GatewayMetrics metrics,
            int maxBodyBytes,
            Handler<HttpServerRequest> router) {
        this.events = events;
        this.auth = auth;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.router = router;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String bus = request.method() == HttpMethod.POST ? busName(request.path()) : null;
        String expect = bus == null ? null : request.getHeader(HttpHeaders.EXPECT);
        if (bus == null || (expect != null && !expect.equalsIgnoreCase(CONTINUE))) {
            router.handle(request);
            return;
        }
        new Exchange(request, bus, System.nanoTime()).begin(expect != null);
    }

    /**
     * The bus a path names when it is exactly {@code /v1/buses/<name>/events} with a name of
     * plain characters, which the router would match to the same parameter; null otherwise.
     */
    static String busName(String path) {
        if (path == null
                || path.length() <= PREFIX.length() + SUFFIX.length()
                || !path.startsWith(PREFIX)
                || !path.endsWith(SUFFIX)) {
            return null;
        }
        int end = path.length() - SUFFIX.length();
        for (int i = PREFIX.length(); i < end; i++) {
            char c = path.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!plain) {
                return null;
            }
        }
        String name = path.substring(PREFIX.length(), end);
        // "." and ".." are dot segments the router would remove from the path first.
        return name.equals(".") || name.equals("..") ? null : name;
    }

    /** One request on its way through: its body as it arrives, then its answer. */
    private final class Exchange implements Handler<Buffer>, Replies.Answering<EventHandlers.Answer> {

        private final HttpServerRequest request;
        private final String bus;
        private final long start;
        private String authorization;
        private Buffer body;
        private boolean isBodyOwned;
        private long expected = -1;
        private boolean isDone;

        Exchange(HttpServerRequest request, String bus, long start) {
            this.request = request;
            this.bus = bus;
            this.start = start;
        }

        void begin(boolean expectsContinue) {
            authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            Optional<SignalboxException> refused = auth.check(authorization);
            if (refused.isPresent()) {
                fail(refused.get());
                return;
            }
            expected = contentLength();
            if (expected > maxBodyBytes) {
                fail(Problems.eventTooLarge(request, maxBodyBytes));
                return;
            }
            if (expected < 0 && !request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                publish(); // no body at all
                return;
            }
            if (expectsContinue && request.version() != HttpVersion.HTTP_1_0) {
                request.response().writeContinue();
            }
            if (request.isEnded()) {
                // Handlers are set before the event loop hands on any of the body, so this is a bug.
                fail(new IllegalStateException("the request ended before its body was read"));
                return;
            }
            request.exceptionHandler(this::broke);
            request.handler(this);
            request.endHandler(v -> publish());
        }

        /** A body chunk: kept, or the request refused once the body outgrows the node's limit. */
        @Override
        public void handle(Buffer chunk) {
            if (isDone) {
                return;
            }
            long length = (body == null ? 0L : body.length()) + chunk.length();
            if (length > maxBodyBytes) {
                fail(Problems.eventTooLarge(request, maxBodyBytes));
                return;
            }
            if (body == null) {
                body = chunk; // usually the whole body; Vert.x hands over buffers the caller may keep
                return;
            }
            if (!isBodyOwned) {
                Buffer whole = Buffer.buffer((int) Math.max(expected, length));
                whole.appendBuffer(body);
                body = whole;
                isBodyOwned = true;
            }
            body.appendBuffer(chunk);
        }

        private void publish() {
            if (isDone) {
                return;
            }
            Future<EventHandlers.Answer> answer;
            try {
                answer = events.publish(
                        bus, request.headers(), body == null ? Buffer.buffer() : body, auth.keyId(authorization));
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            Replies.after(answer, this);
        }

        /** Sends the work's answer; what this throws, {@link Replies#after} hands to {@link #fail}. */
        @Override
        public void answer(EventHandlers.Answer answer) {
            answer.send(request.response());
            isDone = true;
            record(answer.status());
        }

        /** The request's stream broke before its body ended: only the connection reports here. */
        private void broke(Throwable failure) {
            if (isDone) {
                return;
            }
            isDone = true;
            Problems.closeBroken(request, failure);
        }

        /**
         * Answers a refused or failed request: its problem, a 500 for anything untyped (logged),
         * or the connection closed when an answer's head had gone out before it threw.
         */
        @Override
        public void fail(Throwable failure) {
            if (isDone) {
                // Only a throw after the answer went out (while it was recorded) comes here: the
                // client has its answer, so the failure is logged and nothing more is sent.
                Problems.failedAfterAnswer(request, failure);
                return;
            }
            isDone = true;
            Problems.sendFailure(request, failure);
            record(request.response().getStatusCode());
        }

        /**
         * Times the request under the route template the router names it by, and its bus when
         * that exists ({@link GatewayMetrics#publishTimer} keeps the histograms per bus and status,
         * so this costs no meter-registry lookup).
         */
        private void record(int status) {
            metrics.publishTimer(bus, status).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }

        /** The {@code Content-Length}, or -1 when there is none (Netty has refused malformed ones). */
        private long contentLength() {
            String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (value == null) {
                return -1;
            }
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
