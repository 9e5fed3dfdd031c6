package dev.signalbox.gateway.delivery;

import dev.signalbox.core.ErrorType;
import dev.signalbox.core.Event;
import dev.signalbox.core.EventCodec;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.storage.AppendStatus;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.ReadResult;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * The dead letters of every bus: each bus's undeliverable events in its own topic
 * ({@link BusTopics#deadLetters()}), and an index in memory of those not redriven yet.
 *
 * <p>A dead letter's record is the original event with extension attributes saying what
 * happened ({@code dlrule}, {@code dltarget}, {@code dlreason}, {@code dlstatus}, {@code
 * dlerror}, {@code dlattempts}, {@code dlfirstattempt}, {@code dllastattempt}); the same facts are
 * record properties, so the index is rebuilt at first use without decoding any event. Redriving
 * appends a {@code redriven} marker naming the dead letter: the log stays append-only and the
 * marker removes it from the list, here and after a restart. A redriven event that fails again
 * comes back as a new dead letter.
 *
 * <p>Memory: the index holds about 200 bytes per dead letter not yet redriven. Threading:
 * thread-safe; futures complete on the caller's context.
 */
public final class DeadLetters {

    public static final String EXTENSION_PREFIX = "dl";
    private static final int SCAN_BATCH = 1000;

    private final VertxMessageStore store;
    private final Map<String, Future<ConcurrentSkipListMap<Long, DeadLetter>>> indexes = new ConcurrentHashMap<>();

    public DeadLetters(VertxMessageStore store) {
        this.store = store;
    }

    /** Appends a dead letter for {@code event}; completes with it once it is as durable as {@code flush}. */
    public Future<DeadLetter> add(BusTopics topics, Event event, DeadLetter letter, FlushMode flush) {
        byte[] body = EventCodec.encode(withExtensions(event, letter));
        NewRecord record = NewRecord.of(topics.deadLetters(), body)
                .withKeys(List.of(letter.eventId()))
                .withProperties(letter.properties());
        return store.append(record, flush).compose(appended -> {
            if (!appended.isOk()) {
                return Future.failedFuture(new IllegalStateException("dead letter not stored: " + appended.status()));
            }
            DeadLetter stored = letter.at(appended.queueOffset());
            // The letter is stored. An index that cannot be built (a dead letter this version
            // cannot read) is not kept, and the next scan reads this letter from the topic, so its
            // failure is not this append's: the router would store the letter again, and again.
            return index(topics)
                    .map(index -> {
                        index.put(stored.offset(), stored);
                        return stored;
                    })
                    .otherwise(stored);
        });
    }

    /** Dead letters not redriven, oldest first, after {@code afterOffset}, at most {@code limit}. */
    public Future<List<DeadLetter>> list(BusTopics topics, Predicate<DeadLetter> filter, long afterOffset, int limit) {
        return index(topics).map(index -> {
            List<DeadLetter> page = new ArrayList<>();
            for (DeadLetter letter : index.tailMap(afterOffset, false).values()) {
                if (page.size() >= limit) {
                    break;
                }
                if (filter.test(letter)) {
                    page.add(letter);
                }
            }
            return page;
        });
    }

    /** One dead letter not redriven, by id. */
    public Future<Optional<DeadLetter>> get(BusTopics topics, String id) {
        long offset;
        try {
            offset = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Future.succeededFuture(Optional.empty());
        }
        return index(topics).map(index -> Optional.ofNullable(index.get(offset)));
    }

    /** The dead letter's event, with its {@code dl*} extensions. */
    public Future<Event> event(BusTopics topics, DeadLetter letter) {
        return store.read(topics.deadLetters(), letter.offset())
                .map(found -> EventCodec.decode(found.orElseThrow(
                                () -> new IllegalStateException("dead letter " + letter.id() + " is no longer held"))
                        .body()));
    }

    /**
     * Durably marks the dead letter redriven and takes it off the list; fails with the store's
     * reason ({@code store.busy}, {@code store.failed}) when the marker is not stored, and the
     * letter stays listed.
     */
    public Future<Void> markRedriven(BusTopics topics, DeadLetter letter, FlushMode flush) {
        NewRecord marker = NewRecord.of(topics.deadLetters(), new byte[0])
                .withProperties(Map.of("kind", "redriven", "of", letter.id()));
        return store.append(marker, flush).compose(appended -> {
            if (!appended.isOk()) {
                // Taking it off the list anyway would hide it only until a restart rebuilds the
                // index from the topic, which then lists it again to be redriven a second time.
                // Kept listed, the caller sees the failure, and a second redrive is its choice.
                return Future.failedFuture(markerRefused(appended.status()));
            }
            return index(topics).map(index -> {
                index.remove(letter.offset());
                return null;
            });
        });
    }

    private static SignalboxException markerRefused(AppendStatus status) {
        if (status == AppendStatus.STORE_BUSY) {
            return new SignalboxException(
                    ErrorType.STORE_BUSY,
                    "The store is taking in more than it can write; the dead letter stays listed.");
        }
        return new SignalboxException(
                ErrorType.STORE_FAILED,
                "The store could not record the redrive (" + status + "); the dead letter stays listed.");
    }

    /** The original event: the dead letter's event without its {@code dl*} extensions. */
    public static Event original(Event deadLettered) {
        Map<String, Object> attributes = new LinkedHashMap<>(deadLettered.attributes());
        attributes.keySet().removeIf(DeadLetters::isOurExtension);
        return new Event(attributes, deadLettered.data());
    }

    private static boolean isOurExtension(String name) {
        return switch (name) {
            case "dlrule",
                    "dltarget",
                    "dlreason",
                    "dlstatus",
                    "dlerror",
                    "dlattempts",
                    "dlfirstattempt",
                    "dllastattempt" -> true;
            default -> false;
        };
    }

    private static Event withExtensions(Event event, DeadLetter letter) {
        Map<String, Object> attributes = new LinkedHashMap<>(event.attributes());
        attributes.put("dlrule", letter.rule());
        attributes.put("dltarget", letter.target());
        attributes.put("dlreason", letter.reason().wireName());
        attributes.put("dlstatus", letter.lastStatus());
        if (!letter.lastError().isEmpty()) {
            attributes.put("dlerror", letter.lastError());
        }
        attributes.put("dlattempts", letter.attempts());
        attributes.put("dlfirstattempt", letter.firstAttemptAt().toString());
        attributes.put("dllastattempt", letter.lastAttemptAt().toString());
        return new Event(attributes, event.data());
    }

    private Future<ConcurrentSkipListMap<Long, DeadLetter>> index(BusTopics topics) {
        String topic = topics.deadLetters();
        Future<ConcurrentSkipListMap<Long, DeadLetter>> existing = indexes.get(topic);
        if (existing != null) {
            return existing;
        }
        Promise<ConcurrentSkipListMap<Long, DeadLetter>> loaded = Promise.promise();
        Future<ConcurrentSkipListMap<Long, DeadLetter>> raced = indexes.putIfAbsent(topic, loaded.future());
        if (raced != null) {
            return raced;
        }
        // A failed scan is not kept: the next call scans again. The scan starts outside the map's
        // own update: a read that fails at once would otherwise remove the entry inside
        // computeIfAbsent, which throws ("Recursive update") at the caller, so that a dead letter
        // already stored was reported as not stored and the router stored it again.
        loaded.future().onFailure(e -> indexes.remove(topic, loaded.future()));
        scan(topic, 0, store.store().nextOffset(topic), new ConcurrentSkipListMap<>(), loaded);
        return loaded.future();
    }

    /** Rebuilds the index from the topic, markers removing what they name. */
    private void scan(
            String topic,
            long from,
            long end,
            ConcurrentSkipListMap<Long, DeadLetter> index,
            Promise<ConcurrentSkipListMap<Long, DeadLetter>> loaded) {
        if (from >= end) {
            loaded.complete(index);
            return;
        }
        // Records are read in a map step: what one throws (a dead letter this version cannot
        // read) fails the index, where an onSuccess callback would hand it to the event loop and
        // leave the index, and every call waiting on it, incomplete.
        store.fetch(topic, 0, from, SCAN_BATCH)
                .map(result -> {
                    apply(result, index);
                    return result.isGone()
                            ? result.earliestOffset()
                            : from + result.records().size();
                })
                .onFailure(loaded::fail)
                .onSuccess(next -> {
                    if (next <= from) {
                        loaded.complete(index);
                    } else {
                        scan(topic, next, end, index, loaded);
                    }
                });
    }

    private static void apply(ReadResult result, ConcurrentSkipListMap<Long, DeadLetter> index) {
        for (StoredRecord record : result.records()) {
            Map<String, String> p = record.properties();
            if ("deadLetter".equals(p.get("kind"))) {
                index.put(record.queueOffset(), DeadLetter.of(record.queueOffset(), p));
            } else if ("redriven".equals(p.get("kind"))) {
                index.remove(Long.parseLong(p.get("of")));
            }
        }
    }

    /** Forgets a deleted bus's index. */
    public void forget(BusTopics topics) {
        indexes.remove(topics.deadLetters());
    }
}
