package dev.signalbox.gateway.ingest;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.gateway.schema.SchemaGate;
import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.StoreNames;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
    private final Consumer<BusState> onAppended;
    private final GatewayMetrics metrics;
    private final SchemaGate schemaGate;
    private final Map<String, Future<Accepted>> inFlight = new ConcurrentHashMap<>();

    /** {@code onAppended} hears the bus after an event was stored (it wakes the router). */
    public IngestService(
            VertxMessageStore store, Consumer<BusState> onAppended, GatewayMetrics metrics, SchemaGate schemaGate) {
        this.store = store;
        this.onAppended = onAppended;
        this.metrics = metrics;
        this.schemaGate = schemaGate;
    }

    public Future<Accepted> publish(BusState bus, Event posted) {
        Event event;
        try {
            event = admitted(bus, posted);
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
        NewRecord record = record(bus, event);
        return store.append(record, bus.definition().flush()).map(result -> {
            Accepted accepted = accepted(result, event);
            metrics.accepted(bus.name(), record.body().length);
            onAppended.accept(bus);
            return accepted;
        });
    }

    /**
     * Stores a batch's events, answering one future per event in order, each as {@link #publish}
     * would have. On a bus without deduplication the events go to the store as one request with
     * one completion (one write-queue slot, one hop back, one router wake-up) instead of one
     * each; a deduplicating bus needs a lookup per event and takes them one by one.
     */
    public List<Future<Accepted>> publishAll(BusState bus, List<Event> events) {
        if (bus.definition().deduplicationWindow().isPresent()) {
            List<Future<Accepted>> published = new ArrayList<>(events.size());
            events.forEach(event -> published.add(publish(bus, event)));
            return published;
        }
        List<Future<Accepted>> published = new ArrayList<>(Collections.nCopies(events.size(), null));
        List<NewRecord> records = new ArrayList<>(events.size());
        int[] slots = new int[events.size()];
        // The ids are taken now, while each event is at hand: by the time the store answers, a
        // batch's events have long left the CPU's caches.
        String[] ids = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            try {
                Event event = admitted(bus, events.get(i));
                ids[records.size()] = event.id();
                slots[records.size()] = i;
                records.add(record(bus, event));
            } catch (SignalboxException e) {
                rejected(bus.name(), e);
                published.set(i, Future.failedFuture(e));
            }
        }
        if (records.isEmpty()) {
            return published;
        }
        Future<List<AppendResult>> stored = store.appendBatch(
                        records, bus.definition().flush())
                .onSuccess(results -> counted(bus, records, results))
                .onFailure(e -> records.forEach(r -> rejected(bus.name(), e)));
        for (int j = 0; j < records.size(); j++) {
            int at = j;
            String id = ids[j];
            published.set(slots[j], stored.map(results -> accepted(results.get(at), id)));
        }
        return published;
    }

    private void counted(BusState bus, List<NewRecord> records, List<AppendResult> results) {
        int stored = 0;
        long bytes = 0;
        for (int i = 0; i < results.size(); i++) {
            AppendResult result = results.get(i);
            if (result.isOk()) {
                stored++;
                bytes += records.get(i).body().length;
            } else {
                metrics.rejected(bus.name(), failure(result.status()).type().code());
            }
        }
        if (stored > 0) {
            metrics.accepted(bus.name(), stored, bytes);
            onAppended.accept(bus);
        }
    }

    /**
     * The event as it will be stored, or the problem that refuses it: schema enforcement and
     * discovery ({@link SchemaGate}: the event as stored, or a 422), then the id the store indexes.
     */
    private Event admitted(BusState bus, Event posted) {
        if (isDotSegment(posted.id())) {
            throw dotSegmentId(posted.id());
        }
        Event event = schemaGate.check(bus, posted);
        if (!isStorableKey(event.id())) {
            throw unstorableId();
        }
        return event;
    }

    /** An {@link #admitted} event as a store record of the bus's topic, indexed by its id. */
    private static NewRecord record(BusState bus, Event event) {
        return new NewRecord(bus.topic(), 0, List.of(event.id()), Map.of(), EventCodec.encode(event), 0, 0);
    }

    private static SignalboxException unstorableId() {
        return new SignalboxException(
                ErrorType.EVENT_INVALID,
                "The event id is longer than the " + StoreNames.MAX_KEY_BYTES + " bytes of UTF-8 this node"
                        + " indexes, or is not valid Unicode.",
                List.of(new Violation("/id", "must be at most " + StoreNames.MAX_KEY_BYTES + " bytes of UTF-8 text")));
    }

    /**
     * Whether the id is {@code .} or {@code ..}. CloudEvents allows them, but they are URL dot
     * segments: every client and server removes them from a path (RFC 3986 5.2.4), even
     * percent-encoded, so {@code GET .../events/..} would name the bus, not the event, and such
     * an event could never be read or traced. Every other id can be named once percent-encoded.
     */
    private static boolean isDotSegment(String id) {
        return id.equals(".") || id.equals("..");
    }

    private static SignalboxException dotSegmentId(String id) {
        return new SignalboxException(
                ErrorType.EVENT_INVALID,
                "The event id '" + id + "' cannot be used: a URL path cannot name it (it is a dot segment),"
                        + " so the event could never be read or traced.",
                List.of(new Violation("/id", "must not be '.' or '..', which no URL path can name")));
    }

    private static boolean isStorableKey(String id) {
        // Most ids are short ASCII: only long ones or ones with surrogates need the exact check.
        if (id.length() * 3 <= StoreNames.MAX_KEY_BYTES && !hasSurrogate(id)) {
            return true;
        }
        try {
            StoreNames.requireKey(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static Accepted accepted(AppendResult result, Event event) {
        return accepted(result, event.id());
    }

    private static Accepted accepted(AppendResult result, String id) {
        if (result.isOk()) {
            return new Accepted(id, false);
        }
        throw failure(result.status());
    }

    private static SignalboxException failure(AppendStatus status) {
        return switch (status) {
            case OK -> throw new IllegalArgumentException("OK is not a failure");
            case STORE_BUSY -> new SignalboxException(
                    ErrorType.STORE_BUSY, "The store is taking in more than it can write; retry shortly.");
            case TOO_LARGE -> new SignalboxException(
                    ErrorType.EVENT_TOO_LARGE, "The event is larger than the store's record limit.");
            case IO_FAILED, CLOSED -> new SignalboxException(
                    ErrorType.STORE_FAILED, "The store could not persist the event (" + status + ").");
        };
    }
}
