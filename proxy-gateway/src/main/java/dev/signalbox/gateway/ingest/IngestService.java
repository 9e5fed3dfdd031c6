package dev.signalbox.gateway.ingest;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.gateway.schema.SchemaGate;
import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Stores validated events on their bus: the one path every ingest protocol (HTTP, gRPC) takes.
 * The future succeeds once the store holds the event as durably as the bus's flush policy
 * promises, and fails with a typed error (store busy, too large, store failed) otherwise; an
 * event is never half-accepted.
 *
 * <p>On a bus with deduplication, an event whose (source, id) the bus already holds from within
 * the window is answered as accepted and not stored again. The check reads the store's id index,
 * so it holds across restarts; two copies arriving at once are serialised on their key, so both
 * cannot slip past the check. Thread-safe.
 */
public final class IngestService {

    private final VertxMessageStore store;
    private final Consumer<String> onAppended;
    private final GatewayMetrics metrics;
    private final SchemaGate schemaGate;
    private final Map<String, Future<Accepted>> inFlight = new ConcurrentHashMap<>();

    /** {@code onAppended} hears the bus name after an event was stored (it wakes the router). */
    public IngestService(
            VertxMessageStore store, Consumer<String> onAppended, GatewayMetrics metrics, SchemaGate schemaGate) {
        this.store = store;
        this.onAppended = onAppended;
        this.metrics = metrics;
        this.schemaGate = schemaGate;
    }

    public Future<Accepted> publish(BusState bus, Event posted) {
        // Schema enforcement and discovery (SchemaGate): the event as stored, or a 422 problem.
        Event event;
        try {
            event = schemaGate.check(bus, posted);
        } catch (SignalboxException e) {
            rejected(bus.name(), e);
            return Future.failedFuture(e);
        }
        Future<Accepted> published = bus.definition()
                .deduplicationWindow()
                .map(window -> deduplicated(bus, event, window))
                .orElseGet(() -> append(bus, event));
        return published.onFailure(e -> rejected(bus.name(), e));
    }

    /** Counts a refused event; handlers call it for events refused before they got here. */
    public void rejected(String bus, Throwable failure) {
        String reason = failure instanceof SignalboxException e ? e.type().code() : ErrorType.INTERNAL.code();
        metrics.rejected(bus, reason);
    }

    private Future<Accepted> deduplicated(BusState bus, Event event, Duration window) {
        String key = bus.topic() + '\u0000' + event.source() + '\u0000' + event.id();
        Promise<Accepted> mine = Promise.promise();
        Future<Accepted> earlier = inFlight.putIfAbsent(key, mine.future());
        if (earlier != null) {
            return earlier.map(first -> duplicate(bus, first.id()));
        }
        long since = System.currentTimeMillis() - window.toMillis();
        store.lookup(bus.topic(), event.id())
                .compose(records -> isHeld(records, event, since)
                        ? Future.succeededFuture(duplicate(bus, event.id()))
                        : append(bus, event))
                .onComplete(done -> {
                    inFlight.remove(key);
                    mine.handle(done);
                });
        return mine.future();
    }

    private Accepted duplicate(BusState bus, String id) {
        metrics.deduplicated(bus.name());
        return new Accepted(id, true);
    }

    /** Whether the newest-first records hold the event's (source, id) stored since {@code since}. */
    private static boolean isHeld(List<StoredRecord> records, Event event, long since) {
        for (StoredRecord record : records) {
            if (record.storeTimestamp() < since) {
                return false;
            }
            if (EventCodec.decode(record.body()).source().equals(event.source())) {
                return true;
            }
        }
        return false;
    }

    private Future<Accepted> append(BusState bus, Event event) {
        byte[] encoded = EventCodec.encode(event);
        return store.append(
                        bus.topic(),
                        List.of(event.id()),
                        encoded,
                        bus.definition().flush())
                .map(result -> {
                    Accepted accepted = accepted(result, event);
                    metrics.accepted(bus.name(), encoded.length);
                    onAppended.accept(bus.name());
                    return accepted;
                });
    }

    private static Accepted accepted(AppendResult result, Event event) {
        return switch (result.status()) {
            case OK -> new Accepted(event.id(), false);
            case STORE_BUSY -> throw new SignalboxException(
                    ErrorType.STORE_BUSY, "The store is taking in more than it can write; retry shortly.");
            case TOO_LARGE -> throw new SignalboxException(
                    ErrorType.EVENT_TOO_LARGE, "The event is larger than the store's record limit.");
            case IO_FAILED, CLOSED -> throw new SignalboxException(
                    ErrorType.STORE_FAILED, "The store could not persist the event (" + result.status() + ").");
        };
    }
}
