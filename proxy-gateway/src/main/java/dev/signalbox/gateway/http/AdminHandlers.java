package dev.signalbox.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.BusCatalog;
import dev.signalbox.gateway.bus.BusDefinition;
import dev.signalbox.gateway.bus.BusState;
import dev.signalbox.gateway.bus.DefinitionJson;
import dev.signalbox.gateway.bus.DeliveryJson;
import dev.signalbox.gateway.bus.LimitsJson;
import dev.signalbox.gateway.bus.Names;
import dev.signalbox.gateway.bus.RuleDefinition;
import dev.signalbox.gateway.config.ConfigStatus;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The admin calls for buses and rules, and {@code POST /v1/test-event-pattern}. Each handler
 * validates its input fully, then hands the change to the {@link BusCatalog}, which makes it
 * durable before the answer goes out. Thread-safe. Handlers run on the event loop; a rule's
 * definition and a pattern test are read on a Vert.x worker (a CESQL filter's parse is slow), a
 * bus's rule list is written on one (it grows with the rules), and the answer continues on the
 * request's event loop.
 */
public final class AdminHandlers {

    private final BusCatalog catalog;
    private final TargetGuard guard;
    private final TargetPreflight preflight;
    private final Clock clock;
    private final Supplier<Optional<ConfigStatus>> configStatus;
    private final Consumer<BusDefinition> schemaReferences;

    public AdminHandlers(
            BusCatalog catalog,
            TargetGuard guard,
            TargetPreflight preflight,
            Clock clock,
            Supplier<Optional<ConfigStatus>> configStatus) {
        this(catalog, guard, preflight, clock, configStatus, bus -> {});
    }

    /** {@code schemaReferences} throws a problem when a bus names a registry or schema that is not there. */
    public AdminHandlers(
            BusCatalog catalog,
            TargetGuard guard,
            TargetPreflight preflight,
            Clock clock,
            Supplier<Optional<ConfigStatus>> configStatus,
            Consumer<BusDefinition> schemaReferences) {
        this.catalog = catalog;
        this.guard = guard;
        this.preflight = preflight;
        this.clock = clock;
        this.configStatus = configStatus;
        this.schemaReferences = schemaReferences;
    }

    /** {@code GET /v1/config}: whether a configuration file is in use and what became of it. */
    public void getConfig(RoutingContext ctx) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        Optional<ConfigStatus> status = configStatus.get();
        answer.put("declarative", status.isPresent());
        status.ifPresent(s -> {
            answer.put("file", s.file());
            s.appliedAt().ifPresent(at -> answer.put("appliedAt", at.toString()));
            s.failedAt().ifPresent(at -> {
                ObjectNode error = answer.putObject("error").put("at", at.toString());
                ArrayNode problems = error.putArray("problems");
                s.problems().forEach(p -> problems.addObject()
                        .put("line", p.line())
                        .put("column", p.column())
                        .put("pointer", p.pointer())
                        .put("detail", p.message()));
            });
        });
        Json.send(ctx, 200, answer);
    }

    public void putBus(RoutingContext ctx) {
        String name = Names.require("bus", ctx.pathParam("bus"));
        Instant now = clock.instant();
        BusDefinition input = DefinitionJson.readBus(name, Json.body(ctx), BusDefinition.newTopic(name, now), now);
        schemaReferences.accept(input);
        Replies.after(
                ctx, catalog.putBus(input), put -> Json.send(ctx, put.isCreated() ? 201 : 200, busJson(put.value())));
    }

    public void listBuses(RoutingContext ctx) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode buses = answer.putArray("buses");
        catalog.buses().forEach(bus -> buses.add(busJson(bus.definition())));
        Json.send(ctx, 200, answer);
    }

    public void getBus(RoutingContext ctx) {
        Json.send(ctx, 200, busJson(catalog.requireBus(ctx.pathParam("bus")).definition()));
    }

    /** A bus as the API shows it: every limit as it holds now, its own or the node's default. */
    private ObjectNode busJson(BusDefinition bus) {
        return LimitsJson.writeResolved(catalog.limits().resolve(bus.limits()), DefinitionJson.write(bus));
    }

    public void deleteBus(RoutingContext ctx) {
        String name = ctx.pathParam("bus");
        Replies.after(ctx, catalog.deleteBus(name), deleted -> {
            if (deleted) {
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.fail(busNotFound(name));
            }
        });
    }

    public void putRule(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        String name = Names.require("rule", ctx.pathParam("rule"));
        JsonNode body = DeliveryJson.unmasked(Json.body(ctx), bus.rule(name).map(BusState.ActiveRule::definition));
        Instant now = clock.instant();
        // A filter's CESQL parse and static check can take a second for a deeply nested 4 KiB
        // expression: read the definition on a worker so the event loop keeps serving.
        Future<RuleDefinition> input =
                ctx.vertx().executeBlocking(() -> DefinitionJson.readRule(bus.name(), name, body, now), false);
        Future<BusCatalog.Put<RuleDefinition>> stored =
                input.compose(guard::check).compose(preflight::check).compose(catalog::putRule);
        Replies.after(ctx, stored, put -> {
            ObjectNode answer = DefinitionJson.write(put.value());
            DeliveryJson.revealGenerated(input.result(), put.value(), answer);
            Json.send(ctx, put.isCreated() ? 201 : 200, answer);
        });
    }

    /**
     * Every rule of the bus, ordered by name, sorted and written on a worker: the answer holds every
     * rule of the bus, so building it costs time that grows with them, which at 100,000 rules on the
     * event loop would stall every request and ingest sharing it for a long while. The worker
     * reads the bus's rule map as this request found it: the catalog replaces the map whole on each
     * change and never changes one in place, so the list is one consistent set.
     */
    public void listRules(RoutingContext ctx) {
        Collection<BusState.ActiveRule> rules =
                catalog.requireBus(ctx.pathParam("bus")).rules().values();
        Replies.after(
                ctx,
                ctx.vertx().executeBlocking(() -> Json.bytes(ruleList(rules)), false),
                list -> Json.send(ctx, 200, list));
    }

    private static ObjectNode ruleList(Collection<BusState.ActiveRule> active) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        ArrayNode rules = answer.putArray("rules");
        active.stream()
                .map(BusState.ActiveRule::definition)
                .sorted(Comparator.comparing(RuleDefinition::name))
                .forEach(rule -> rules.add(DefinitionJson.write(rule)));
        return answer;
    }

    public void getRule(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        String name = ctx.pathParam("rule");
        BusState.ActiveRule rule = bus.rule(name).orElseThrow(() -> ruleNotFound(bus.name(), name));
        Json.send(ctx, 200, DefinitionJson.write(rule.definition()));
    }

    public void deleteRule(RoutingContext ctx) {
        BusState bus = catalog.requireBus(ctx.pathParam("bus"));
        String name = ctx.pathParam("rule");
        Replies.after(ctx, catalog.deleteRule(bus.name(), name), deleted -> {
            if (deleted) {
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.fail(ruleNotFound(bus.name(), name));
            }
        });
    }

    /** {@code {"pattern" | "filter": {…}, "event": {…}}} answered with {@code {"result": bool}} (see {@link PatternTest}). */
    public void testEventPattern(RoutingContext ctx) {
        List<Violation> violations = new ArrayList<>();
        boolean isExplained = QueryParams.flag(ctx, "explain", false, violations);
        if (!violations.isEmpty()) {
            throw new SignalboxException(ErrorType.REQUEST_INVALID, "The query is not valid.", violations);
        }
        JsonNode body = Json.body(ctx);
        // Off the event loop for the same reason as putRule: a filter's parse can take a second.
        Replies.after(
                ctx,
                ctx.vertx().executeBlocking(() -> PatternTest.read(body).answer(isExplained), false),
                answer -> Json.send(ctx, 200, answer));
    }

    private static SignalboxException busNotFound(String name) {
        return new SignalboxException(ErrorType.BUS_NOT_FOUND, "There is no bus named '" + name + "'.");
    }

    private static SignalboxException ruleNotFound(String bus, String rule) {
        return new SignalboxException(ErrorType.RULE_NOT_FOUND, "Bus '" + bus + "' has no rule named '" + rule + "'.");
    }
}
