package dev.signalbox.gateway.ingest;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stores validated events on their bus: the one path every ingest protocol (HTTP, gRPC) takes.
 * The future succeeds with the event id once the store holds the event as durably as the bus's
 * flush policy promises, and fails with a typed error (store busy, too large, store failed)
 * otherwise; an event is never half-accepted. Thread-safe.
 */
public final class IngestService {

    private final VertxMessageStore store;
    private final Consumer<String> onAppended;

    /** {@code onAppended} hears the bus name after an event was stored (it wakes the router). */
    public IngestService(VertxMessageStore store, Consumer<String> onAppended) {
        this.store = store;
        this.onAppended = onAppended;
    }

    public Future<String> publish(BusState bus, Event event) {
        return store.append(
                        bus.topic(),
                        List.of(event.id()),
                        EventCodec.encode(event),
                        bus.definition().flush())
                .map(result -> {
                    String id = accepted(result, event);
                    onAppended.accept(bus.name());
                    return id;
                });
    }

    private static String accepted(AppendResult result, Event event) {
        return switch (result.status()) {
            case OK -> event.id();
            case STORE_BUSY -> throw new SignalboxException(
                    ErrorType.STORE_BUSY, "The store is taking in more than it can write; retry shortly.");
            case TOO_LARGE -> throw new SignalboxException(
                    ErrorType.EVENT_TOO_LARGE, "The event is larger than the store's record limit.");
            case IO_FAILED, CLOSED -> throw new SignalboxException(
                    ErrorType.STORE_FAILED, "The store could not persist the event (" + result.status() + ").");
        };
    }
}
