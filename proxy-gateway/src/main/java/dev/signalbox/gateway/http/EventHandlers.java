package dev.signalbox.gateway.http;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.StructuredEvents;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.auth.ApiKeyAuth;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.ingest.Accepted;
import dev.signalbox.gateway.ingest.IngestService;
import dev.signalbox.gateway.ingest.RateLimiter;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/buses/{bus}/events} and {@code GET /v1/buses/{bus}/events/{id}}.
 *
 * <p>An event is answered 202 only once the store holds it as durably as the bus's flush policy
 * promises; a store that is busy or failing answers 503 with {@code Retry-After}, and the event
 * is not half-accepted. Thread-safe: one instance serves every event loop.
 */
public final class EventHandlers {

    private final BusCatalog catalog;
    private final VertxMessageStore store;
    private final EventRequests requests;
    private final IngestService ingest;
    private final RateLimiter limiter;

    public EventHandlers(
            BusCatalog catalog,
            VertxMessageStore store,
            EventRequests requests,
            IngestService ingest,
            RateLimiter limiter) {
        this.catalog = catalog;
        this.store = store;
        this.requests = requests;
        this.ingest = ingest;
        this.limiter = limiter;
    }

    /** What a POST to a bus's events answers when it is not a problem: its status and JSON body. */
    public record Answer(int status, Buffer body, int retryAfterSeconds) {

        public Answer(int status, Buffer body) {
            this(status, body, 0);
        }

        private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

        void send(HttpServerResponse response) {
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
            if (retryAfterSeconds > 0) {
                response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds));
            }
            response.end(body);
        }
    }

    /** The router's route; {@link EventIngress} takes the same requests before the router sees them. */
    public void publish(RoutingContext ctx) {
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        Replies.after(
                ctx,
                publish(ctx.pathParam("bus"), ctx.request().headers(), body, ApiKeyAuth.keyId(ctx)),
                answer -> answer.send(ctx.response()));
    }

    /**
     * Decodes and stores what one POST to a bus carries, its body read whole: the answer (202
     * with the receipt, or 200 with a batch's per-entry results), or a failed future with the
     * problem. A refused request is counted as rejected here, whichever edge it came through.
     */
    public Future<Answer> publish(String busName, MultiMap headers, Buffer body, String keyId) {
        try {
            return publish(catalog.requireBus(busName), headers, body, keyId);
        } catch (SignalboxException e) {
            ingest.rejected(catalog.bus(busName).isPresent() ? busName : GatewayMetrics.NO_BUS, e);
            return Future.failedFuture(e);
        }
    }

    private Future<Answer> publish(BusState bus, MultiMap headers, Buffer body, String keyId) {
        EventRequests.Decoded decoded = requests.decode(headers, body, bus.limits());
        if (decoded instanceof EventRequests.Single single) {
            limiter.acquire(keyId, 1);
            return ingest.publish(bus, single.event()).map(EventHandlers::receipt);
        }
        List<Object> entries = ((EventRequests.Batch) decoded).entries();
        limiter.acquire(keyId, entries.size());
        List<Event> events = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            if (entry instanceof Event event) {
                events.add(event);
            } else {
                ingest.rejected(bus.name(), (Throwable) entry);
            }
        }
        List<Future<Accepted>> stored = ingest.publishAll(bus, events);
        List<Future<Accepted>> results = new ArrayList<>(entries.size());
        int next = 0;
        for (Object entry : entries) {
            results.add(entry instanceof Event ? stored.get(next++) : Future.failedFuture((Throwable) entry));
        }
        // Every entry answers for itself, so the batch is a 200 whichever of them failed; entries
        // the store was too busy for ask the client to come back, as a refused single event does.
        return Future.join(stored)
                .transform(all -> Future.succeededFuture(
                        new Answer(200, BatchAnswer.write(results), BatchAnswer.retryAfterSeconds(results))));
    }

    /** The 202 answer, written straight as bytes: it is on every event's path. */
    private static Answer receipt(Accepted accepted) {
        Buffer body = Buffer.buffer(48).appendString("{\"id\":").appendBuffer(Json.quoted(accepted.id()));
        body.appendString(accepted.isDuplicate() ? ",\"status\":\"deduplicated\"}" : "}");
        return new Answer(202, body);
    }

    public void find(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        String id = ctx.pathParam("id");
        Optional<String> source = Optional.ofNullable(ctx.queryParams().get("source"));
        Replies.after(
                ctx,
                store.lookup(bus.topic(), id).map(records -> newestMatching(records, id, source)),
                found -> found.ifPresentOrElse(
                        event -> ctx.response()
                                .setStatusCode(200)
                                .putHeader("content-type", EventRequests.STRUCTURED)
                                .end(Buffer.buffer(StructuredEvents.write(event))),
                        () -> ctx.fail(new SignalboxException(
                                ErrorType.EVENT_NOT_FOUND,
                                "Bus '" + bus.name() + "' holds no event with id '" + id + "'"
                                        + source.map(s -> " from source '" + s + "'")
                                                .orElse("") + ".",
                                List.<Violation>of()))));
    }

    private static Optional<Event> newestMatching(List<StoredRecord> records, String id, Optional<String> source) {
        for (StoredRecord record : records) {
            Event event = EventCodec.decode(record.body());
            if (event.id().equals(id) && source.map(event.source()::equals).orElse(true)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
