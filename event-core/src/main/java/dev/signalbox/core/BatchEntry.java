package dev.signalbox.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a CloudEvents JSON batch: the event, or why the entry is not one. Exactly one of
 * the two is present. Immutable.
 */
public record BatchEntry(Optional<Event> event, Optional<SignalboxException> error) {

    public BatchEntry {
        if (event.isPresent() == error.isPresent()) {
            throw new IllegalArgumentException("a batch entry is either an event or an error");
        }
    }

    public static BatchEntry of(Event event) {
        return new BatchEntry(Optional.of(Objects.requireNonNull(event)), Optional.empty());
    }

    public static BatchEntry failed(SignalboxException error) {
        return new BatchEntry(Optional.empty(), Optional.of(Objects.requireNonNull(error)));
    }
}
