package dev.signalbox.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.StructuredEvents;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.delivery.BusTopics;
import dev.signalbox.gateway.delivery.DeadLetter;
import dev.signalbox.gateway.delivery.DeadLetterReason;
import dev.signalbox.gateway.delivery.DeadLetters;
import dev.signalbox.gateway.delivery.DeliveryTimeline;
import dev.signalbox.gateway.router.RouterVerticle;
import dev.signalbox.storage.vertx.VertxMessageStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The delivery calls: a bus's dead letters (list, fetch, redrive) and an event's delivery
 * timeline. Thread-safe: one instance serves every event loop.
 */
public final class DeliveryHandlers {

    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;
    /** Dead letters redriven by one filter or "all" request; the answer says how many remain. */
    private static final int MAX_REDRIVE = 1000;

    private final BusCatalog catalog;
    private final VertxMessageStore store;
    private final DeadLetters deadLetters;
    private final DeliveryTimeline timeline;
    private final RouterVerticle router;

    public DeliveryHandlers(
            BusCatalog catalog,
            VertxMessageStore store,
            DeadLetters deadLetters,
            DeliveryTimeline timeline,
            RouterVerticle router) {
        this.catalog = catalog;
        this.store = store;
        this.deadLetters = deadLetters;
        this.timeline = timeline;
        this.router = router;
    }

    /** {@code GET /v1/buses/{bus}/dead-letters?rule&target&reason&after&limit}. */
    public void listDeadLetters(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        List<Violation> violations = new ArrayList<>();
        Predicate<DeadLetter> filter = filter(
                QueryParams.name(ctx, "rule", violations),
                QueryParams.name(ctx, "target", violations),
                Optional.ofNullable(ctx.queryParams().get("reason")),
                "/reason",
                violations);
        // Dead-letter ids are queue offsets: "after" is one of them, never negative.
        long after = QueryParams.integer(ctx, "after", 0, Long.MAX_VALUE, -1, violations);
        long limit = QueryParams.integer(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE, violations);
        if (!violations.isEmpty()) {
            throw new SignalboxException(ErrorType.REQUEST_INVALID, "The query is not valid.", violations);
        }
        Replies.after(ctx, deadLetters.list(BusTopics.of(bus.topic()), filter, after, (int) limit), page -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ArrayNode items = answer.putArray("deadLetters");
            page.forEach(letter -> items.add(letter.toJson()));
            if (page.size() == limit) {
                answer.put("next", page.get(page.size() - 1).id());
            }
            Json.send(ctx, 200, answer);
        });
    }

    /** {@code GET /v1/buses/{bus}/dead-letters/{id}}: the dead letter and its event. */
    public void getDeadLetter(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        BusTopics topics = BusTopics.of(bus.topic());
        String id = ctx.pathParam("id");
        Future<Buffer> answer = deadLetters.get(topics, id).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(notFound(bus, id));
            }
            // The event is spliced in as written, as GET .../events/{id} answers it: read
            // back as a tree, data nesting 999 or 1,000 levels passed Jackson's bound.
            return deadLetters
                    .event(topics, found.get())
                    .map(event -> Json.withMember(found.get().toJson(), "event", StructuredEvents.write(event)));
        });
        Replies.after(ctx, answer, body -> Json.send(ctx, 200, body));
    }

    /**
     * {@code POST /v1/buses/{bus}/dead-letters/redrive} with exactly one of {@code {"ids": [...]}},
     * {@code {"filter": {"rule", "target", "reason"}}} or {@code {"all": true}}.
     */
    public void redrive(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        BusTopics topics = BusTopics.of(bus.topic());
        JsonNode body = Json.body(ctx);
        List<Violation> violations = new ArrayList<>();
        if (!body.isObject()) {
            throw invalid(List.of(new Violation("", "must be a JSON object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("ids", "filter", "all").contains(name)) {
                violations.add(new Violation("/" + name, "is not a known field"));
            }
        }
        int given = (body.has("ids") ? 1 : 0) + (body.has("filter") ? 1 : 0) + (body.has("all") ? 1 : 0);
        if (given != 1) {
            violations.add(new Violation("", "must have exactly one of ids, filter and all"));
        }
        Future<List<DeadLetter>> selected;
        List<String> notFound = new ArrayList<>();
        if (body.has("ids")) {
            List<String> ids = ids(body.get("ids"), violations);
            selected = violations.isEmpty() ? byIds(topics, ids, notFound) : null;
        } else if (body.has("filter")) {
            JsonNode f = body.get("filter");
            if (!f.isObject()) {
                violations.add(new Violation("/filter", "must be an object with rule, target and/or reason"));
            }
            // A misspelt member must not widen the filter: {"filter": {"rules": "x"}} would
            // otherwise redrive every dead letter of the bus.
            for (Iterator<String> names = f.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("rule", "target", "reason").contains(name)) {
                    violations.add(new Violation("/filter/" + name, "is not a known field"));
                }
            }
            Predicate<DeadLetter> filter = filter(
                    text(f, "rule", "/filter", violations),
                    text(f, "target", "/filter", violations),
                    text(f, "reason", "/filter", violations),
                    "/filter/reason",
                    violations);
            selected = deadLetters.list(topics, filter, -1, MAX_REDRIVE);
        } else if (body.has("all")) {
            if (!body.path("all").isBoolean() || !body.get("all").booleanValue()) {
                violations.add(new Violation("/all", "must be true"));
            }
            selected = violations.isEmpty() ? deadLetters.list(topics, letter -> true, -1, MAX_REDRIVE) : null;
        } else {
            // None of the three: the violation above says so, and "all" was not sent to be wrong.
            selected = null;
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        Replies.after(ctx, selected.compose(letters -> router.redrive(bus, letters)), result -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("redrivenCount", result.redriven().size());
            ArrayNode redriven = answer.putArray("redriven");
            result.redriven().forEach(redriven::add);
            ArrayNode missing = answer.putArray("notFound");
            notFound.forEach(missing::add);
            ArrayNode gone = answer.putArray("targetMissing");
            result.targetMissing().forEach(gone::add);
            Json.send(ctx, 200, answer);
        });
    }

    /** {@code GET /v1/buses/{bus}/events/{id}/deliveries}: the event's delivery timeline. */
    public void deliveries(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        String id = ctx.pathParam("id");
        Optional<String> source = Optional.ofNullable(ctx.queryParams().get("source"));
        Future<ObjectNode> answer = timeline.of(BusTopics.of(bus.topic()), id, source)
                .compose(found -> {
                    if (found.isPresent()) {
                        return Future.succeededFuture(found.get());
                    }
                    // Nothing recorded: an event that matched no rule (or not yet routed) has an
                    // empty timeline; an unknown one is a 404.
                    return store.lookup(bus.topic(), id)
                            .compose(records -> records.isEmpty()
                                    ? Future.failedFuture(new SignalboxException(
                                            ErrorType.EVENT_NOT_FOUND,
                                            "Bus '" + bus.name() + "' holds no event with id '" + id + "'."))
                                    : Future.succeededFuture(emptyTimeline(id)));
                });
        Replies.after(ctx, answer, body -> Json.send(ctx, 200, body));
    }

    private static ObjectNode emptyTimeline(String id) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("eventId", id);
        answer.putArray("matchedRules");
        answer.putArray("attempts");
        answer.putArray("deadLetters");
        return answer;
    }

    private Future<List<DeadLetter>> byIds(BusTopics topics, List<String> ids, List<String> notFound) {
        List<Future<Optional<DeadLetter>>> lookups = new ArrayList<>();
        ids.forEach(id -> lookups.add(deadLetters.get(topics, id)));
        return Future.all(lookups).map(all -> {
            List<DeadLetter> found = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                Optional<DeadLetter> letter = lookups.get(i).result();
                if (letter.isPresent()) {
                    found.add(letter.get());
                } else {
                    notFound.add(ids.get(i));
                }
            }
            return found;
        });
    }

    private static List<String> ids(JsonNode node, List<Violation> violations) {
        List<String> ids = new ArrayList<>();
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_REDRIVE) {
            violations.add(new Violation("/ids", "must be an array of 1 to " + MAX_REDRIVE + " dead-letter ids"));
            return ids;
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                violations.add(new Violation("/ids/" + i, "must be a string"));
            } else {
                ids.add(node.get(i).textValue());
            }
        }
        return ids;
    }

    private static Predicate<DeadLetter> filter(
            Optional<String> rule,
            Optional<String> target,
            Optional<String> reasonName,
            String reasonPointer,
            List<Violation> violations) {
        Optional<DeadLetterReason> reason = reasonName.flatMap(DeadLetterReason::fromWire);
        if (reasonName.isPresent() && reason.isEmpty()) {
            violations.add(new Violation(
                    reasonPointer,
                    "must be one of maxAttempts, maxEventAge, rejected, gone, disabled, not \"" + reasonName.get()
                            + "\""));
        }
        return letter -> rule.map(letter.rule()::equals).orElse(true)
                && target.map(letter.target()::equals).orElse(true)
                && reason.map(r -> letter.reason() == r).orElse(true);
    }

    private static Optional<String> text(JsonNode object, String field, String at, List<Violation> violations) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            violations.add(new Violation(at + "/" + field, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    private static SignalboxException notFound(BusState bus, String id) {
        return new SignalboxException(
                ErrorType.DEAD_LETTER_NOT_FOUND, "Bus '" + bus.name() + "' has no dead letter '" + id + "'.");
    }

    private static SignalboxException invalid(List<Violation> violations) {
        return new SignalboxException(
                ErrorType.REQUEST_INVALID, "The redrive request has " + violations.size() + " problem(s).", violations);
    }
}
