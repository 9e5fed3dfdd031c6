package dev.signalbox.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.storage.AppendResult;
import dev.signalbox.storage.FlushMode;
import dev.signalbox.storage.NewRecord;
import dev.signalbox.storage.StoredRecord;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happened to each event's deliveries: one small JSON record per attempt and per dead
 * letter in the bus's attempts topic ({@link BusTopics#attempts()}), keyed by the event id so
 * that the store's index finds an event's records without a scan.
 *
 * <p>Timeline records are written {@code ASYNC} and nobody waits for them: they explain, they do
 * not decide, so a delivery is never held up by its own bookkeeping (a crash may lose the last
 * half second of them, never a delivery). Records written during one turn of an event loop go to
 * the store as one batch at the end of that turn (one store request and one completion for many
 * deliveries, instead of one each); they are in the store, in the order written, a moment later.
 *
 * <p>Threading: thread-safe. Records wait in a concurrent queue; the first writer of a batch
 * schedules its flush on its own context (or flushes at once outside Vert.x).
 */
public final class DeliveryTimeline {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryTimeline.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One attempt.
     *
     * @param outcome {@code delivered}, {@code retrying} (a retry is due at {@code nextAttemptAt}),
     *     {@code deferred} (the target's limits or open circuit sent nothing; not counted as an
     *     attempt), or {@code failed} (the last one: a dead letter follows)
     */
    public record Attempt(
            String rule,
            String target,
            int attempt,
            Instant at,
            int statusCode,
            long latencyMs,
            String error,
            String outcome,
            Optional<Instant> nextAttemptAt) {}

    private final VertxMessageStore store;
    /** Records written and not yet handed to the store, oldest first. */
    private final Queue<NewRecord> unwritten = new ConcurrentLinkedQueue<>();
    /** Whether a flush of {@link #unwritten} is scheduled and has not started yet. */
    private final AtomicBoolean isFlushQueued = new AtomicBoolean();

    public DeliveryTimeline(VertxMessageStore store) {
        this.store = store;
    }

    public void attempted(BusTopics topics, String eventId, String eventSource, Attempt attempt) {
        ObjectNode json = JsonNodeFactory.instance
                .objectNode()
                .put("kind", "attempt")
                .put("eventSource", eventSource)
                .put("rule", attempt.rule())
                .put("target", attempt.target())
                .put("attempt", attempt.attempt())
                .put("at", attempt.at().toString())
                .put("statusCode", attempt.statusCode())
                .put("latencyMs", attempt.latencyMs())
                .put("outcome", attempt.outcome());
        if (!attempt.error().isEmpty()) {
            json.put("error", attempt.error());
        }
        attempt.nextAttemptAt().ifPresent(next -> json.put("nextAttemptAt", next.toString()));
        write(topics, eventId, json);
    }

    public void deadLettered(BusTopics topics, String eventSource, Optional<DeadLetter> stored, DeadLetter letter) {
        ObjectNode json = JsonNodeFactory.instance
                .objectNode()
                .put("kind", "deadLetter")
                .put("eventSource", eventSource)
                .put("rule", letter.rule())
                .put("target", letter.target())
                .put("reason", letter.reason().wireName())
                .put("attempts", letter.attempts())
                .put("lastStatus", letter.lastStatus())
                .put("at", letter.lastAttemptAt().toString());
        stored.ifPresentOrElse(s -> json.put("id", s.id()), () -> json.put("dropped", true));
        write(topics, letter.eventId(), json);
    }

    private void write(BusTopics topics, String eventId, ObjectNode json) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        unwritten.add(NewRecord.of(topics.attempts(), body).withKeys(List.of(eventId)));
        if (isFlushQueued.compareAndSet(false, true)) {
            Context context = Vertx.currentContext();
            if (context == null) {
                flush();
            } else {
                // Runs after the tasks already queued on this loop: the attempts that end in the
                // same turn share one append.
                context.runOnContext(v -> flush());
            }
        }
    }

    /** Hands every record written so far to the store as one batch. */
    private void flush() {
        isFlushQueued.set(false);
        List<NewRecord> batch = new ArrayList<>();
        for (NewRecord record = unwritten.poll(); record != null; record = unwritten.poll()) {
            batch.add(record);
        }
        if (batch.isEmpty()) {
            return;
        }
        store.appendBatch(batch, FlushMode.ASYNC).onComplete(done -> {
            if (done.failed()) {
                LOG.warn("{} timeline records not stored", batch.size(), done.cause());
                return;
            }
            List<AppendResult> results = done.result();
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).isOk()) {
                    LOG.warn(
                            "timeline record for event {} not stored: {}",
                            batch.get(i).keys(),
                            results.get(i).status());
                }
            }
        });
    }

    /**
     * The event's timeline, oldest first: {@code {"eventId", "matchedRules": [...], "attempts":
     * [...], "deadLetters": [...]}}; empty when nothing was recorded for it.
     */
    public Future<Optional<ObjectNode>> of(BusTopics topics, String eventId, Optional<String> source) {
        return store.lookup(topics.attempts(), eventId).map(records -> {
            List<StoredRecord> oldestFirst = new ArrayList<>(records);
            oldestFirst.sort(java.util.Comparator.comparingLong(StoredRecord::queueOffset));
            ObjectNode answer = JsonNodeFactory.instance.objectNode().put("eventId", eventId);
            TreeSet<String> rules = new TreeSet<>();
            ArrayNode attempts = JsonNodeFactory.instance.arrayNode();
            ArrayNode deadLetters = JsonNodeFactory.instance.arrayNode();
            for (StoredRecord record : oldestFirst) {
                JsonNode entry = read(record.body());
                if (entry == null
                        || source.isPresent()
                                && !source.get()
                                        .equals(entry.path("eventSource").asText())) {
                    continue;
                }
                rules.add(entry.path("rule").asText());
                ObjectNode shown = ((ObjectNode) entry).deepCopy();
                shown.remove("kind");
                (entry.path("kind").asText().equals("attempt") ? attempts : deadLetters).add(shown);
            }
            if (attempts.isEmpty() && deadLetters.isEmpty()) {
                return Optional.<ObjectNode>empty();
            }
            ArrayNode matched = answer.putArray("matchedRules");
            rules.forEach(matched::add);
            answer.set("attempts", byStartTime(attempts));
            answer.set("deadLetters", deadLetters);
            return Optional.of(answer);
        });
    }

    /**
     * Attempts oldest first by when they started ({@code at}), then by attempt number. Records
     * are written when an attempt ends, so a slow attempt is stored after faster ones that
     * started later; read in stored order, the timeline would show a target's retry before the
     * first attempt of a slower target. The sort is stable: attempts that started in the same
     * instant with the same number keep their stored order. One target's attempts run one after
     * another, so each target's attempts also come out in order.
     */
    static ArrayNode byStartTime(ArrayNode attempts) {
        List<JsonNode> sorted = new ArrayList<>();
        attempts.forEach(sorted::add);
        sorted.sort(Comparator.comparing((JsonNode a) -> startOf(a))
                .thenComparingInt(a -> a.path("attempt").asInt()));
        ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
        sorted.forEach(ordered::add);
        return ordered;
    }

    /** An attempt's start; a record without a readable time sorts first rather than failing the read. */
    private static Instant startOf(JsonNode attempt) {
        try {
            return Instant.parse(attempt.path("at").asText());
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static JsonNode read(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
