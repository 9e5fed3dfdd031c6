package dev.signalbox.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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

    public void publish(RoutingContext ctx) {
        String busName = ctx.pathParam("bus");
        try {
            publish(ctx, catalog.requireBus(busName));
        } catch (SignalboxException e) {
            ingest.rejected(catalog.bus(busName).isPresent() ? busName : GatewayMetrics.NO_BUS, e);
            throw e;
        }
    }

    private void publish(RoutingContext ctx, BusState bus) {
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        EventRequests.Decoded decoded = requests.decode(ctx.request().headers(), body, bus.limits());
        if (decoded instanceof EventRequests.Single single) {
            limiter.acquire(ApiKeyAuth.keyId(ctx), 1);
            ingest.publish(bus, single.event())
                    .onSuccess(accepted -> receipt(ctx, accepted))
                    .onFailure(ctx::fail);
            return;
        }
        List<Object> entries = ((EventRequests.Batch) decoded).entries();
        limiter.acquire(ApiKeyAuth.keyId(ctx), entries.size());
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
        Future.join(stored).onComplete(all -> Json.send(ctx, 200, batchResult(results)));
    }

    /** The 202 answer, written straight as bytes: it is on every event's path. */
    private static void receipt(RoutingContext ctx, Accepted accepted) {
        Buffer body = Buffer.buffer(48).appendString("{\"id\":").appendBuffer(Json.quoted(accepted.id()));
        body.appendString(accepted.isDuplicate() ? ",\"status\":\"deduplicated\"}" : "}");
        ctx.response()
                .setStatusCode(202)
                .putHeader("content-type", "application/json")
                .end(body);
    }

    private static ObjectNode entry(Accepted accepted) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode().put("id", accepted.id());
        if (accepted.isDuplicate()) {
            entry.put("status", "deduplicated");
        }
        return entry;
    }

    private static ObjectNode batchResult(List<Future<Accepted>> results) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        int failed = 0;
        for (Future<Accepted> result : results) {
            if (result.succeeded()) {
                entries.add(entry(result.result()));
                continue;
            }
            failed++;
            if (result.cause() instanceof SignalboxException e) {
                entries.addObject().put("errorCode", e.type().code()).put("errorMessage", message(e));
            } else {
                entries.addObject()
                        .put("errorCode", ErrorType.INTERNAL.code())
                        .put("errorMessage", "The node failed to store this entry.");
            }
        }
        answer.put("failedEntryCount", failed);
        answer.set("entries", entries);
        return answer;
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

    public void find(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        String id = ctx.pathParam("id");
        Optional<String> source = Optional.ofNullable(ctx.queryParams().get("source"));
        store.lookup(bus.topic(), id)
                .map(records -> newestMatching(records, id, source))
                .onSuccess(found -> found.ifPresentOrElse(
                        event -> ctx.response()
                                .setStatusCode(200)
                                .putHeader("content-type", EventRequests.STRUCTURED)
                                .end(Buffer.buffer(StructuredEvents.write(event))),
                        () -> ctx.fail(new SignalboxException(
                                ErrorType.EVENT_NOT_FOUND,
                                "Bus '" + bus.name() + "' holds no event with id '" + id + "'"
                                        + source.map(s -> " from source '" + s + "'")
                                                .orElse("") + ".",
                                List.<Violation>of()))))
                .onFailure(ctx::fail);
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
