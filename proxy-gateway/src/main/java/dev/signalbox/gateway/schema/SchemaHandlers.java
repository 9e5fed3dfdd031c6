package dev.signalbox.gateway.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.core.Violation;
import dev.signalbox.gateway.bus.Names;
import dev.signalbox.gateway.http.Json;
import dev.signalbox.gateway.http.QueryParams;
import dev.signalbox.gateway.http.Replies;
import dev.signalbox.schema.Compatibility;
import dev.signalbox.schema.ExampleData;
import dev.signalbox.schema.Registries;
import dev.signalbox.schema.Registry;
import dev.signalbox.schema.SchemaDiff;
import dev.signalbox.schema.SchemaEntry;
import dev.signalbox.schema.SchemaSearch;
import dev.signalbox.schema.SchemaVersion;
import dev.signalbox.schema.bindings.JavaBindings;
import dev.signalbox.schema.bindings.TypeScriptBindings;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The schema registry's REST calls under {@code /v1/registries}. Each handler checks its input
 * fully, then hands changes to {@link Registries}, which makes them durable before the answer
 * goes out. Thread-safe: one instance serves every event loop.
 */
public final class SchemaHandlers {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final java.util.regex.Pattern JAVA_PACKAGE =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,15}");

    private final Registries registries;
    private final Clock clock;
    private final SchemaUsage usage;

    /** {@code usage} names the buses that map or discover a (registry, schema). */
    public SchemaHandlers(Registries registries, Clock clock, SchemaUsage usage) {
        this.registries = registries;
        this.clock = clock;
        this.usage = usage;
    }

    /** Adds this API's routes; auth and the body handler are already in front of {@code /v1}. */
    public void route(Router router) {
        String r = "/v1/registries/:registry";
        String s = r + "/schemas/:schema";
        router.get("/v1/registries").handler(this::listRegistries);
        router.put(r).handler(this::putRegistry);
        router.get(r).handler(this::getRegistry);
        router.delete(r).handler(this::deleteRegistry);
        router.get(r + "/schemas").handler(this::listSchemas);
        router.get(s).handler(this::getSchema);
        router.put(s).handler(this::putSchema);
        router.delete(s).handler(this::deleteSchema);
        router.post(s + "/versions").handler(this::postVersion);
        router.get(s + "/versions/:version").handler(this::getVersion);
        router.get(s + "/versions/:version/example").handler(this::example);
        router.get(s + "/versions/:version/bindings/java").handler(this::javaBindings);
        router.get(s + "/versions/:version/bindings/typescript").handler(this::typeScriptBindings);
        router.post(s + "/compatibility").handler(this::checkCompatibility);
        router.get(s + "/diff").handler(this::diff);
        router.get(s + "/usage").handler(this::usage);
    }

    Registries registries() {
        return registries;
    }

    private void listRegistries(RoutingContext ctx) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("registries");
        registries.list().forEach(r -> list.add(SchemaJson.registry(r)));
        Json.send(ctx, 200, answer);
    }

    private void putRegistry(RoutingContext ctx) {
        String name = Names.require("registry", ctx.pathParam("registry"));
        List<Violation> violations = new ArrayList<>();
        JsonNode body = ctx.body().buffer() == null || ctx.body().length() == 0 ? NODES.objectNode() : Json.body(ctx);
        ObjectNode object = SchemaJson.object(body, Set.of("description", "compatibility"), violations);
        Optional<String> description = SchemaJson.description(object, violations);
        Optional<Compatibility> mode = SchemaJson.compatibility(object, violations);
        SchemaJson.requireNone(violations, "registry definition");
        Replies.after(
                ctx,
                Stages.on(ctx.vertx().getOrCreateContext(), registries.putRegistry(name, description, mode)),
                put -> Json.send(ctx, put.isCreated() ? 201 : 200, SchemaJson.registry(put.value())));
    }

    private void getRegistry(RoutingContext ctx) {
        Json.send(ctx, 200, SchemaJson.registry(registries.requireRegistry(ctx.pathParam("registry"))));
    }

    private void deleteRegistry(RoutingContext ctx) {
        String name = ctx.pathParam("registry");
        registries.requireRegistry(name);
        // A bus that enforces or discovers with a deleted registry would go on saying so while
        // checking nothing.
        List<String> buses = usage.ofRegistry(name);
        if (!buses.isEmpty()) {
            throw new SignalboxException(
                    ErrorType.REGISTRY_IN_USE,
                    "The registry '" + name + "' is the registry of bus(es) " + String.join(", ", buses)
                            + "; change or delete those first.");
        }
        Replies.after(ctx, Stages.on(ctx.vertx().getOrCreateContext(), registries.deleteRegistry(name)), deleted -> {
            if (deleted) {
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.fail(new SignalboxException(
                        ErrorType.REGISTRY_NOT_FOUND, "There is no registry named '" + name + "'."));
            }
        });
    }

    private void listSchemas(RoutingContext ctx) {
        Registry registry = registries.requireRegistry(ctx.pathParam("registry"));
        Optional<String> prefix = query(ctx, "prefix");
        Optional<String> text = query(ctx, "q");
        Optional<String> tag = query(ctx, "tag");
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("schemas");
        for (SchemaEntry entry : registry.schemas().values()) {
            if (SchemaSearch.matches(entry, prefix, text, tag)) {
                list.add(SchemaJson.summary(registry, entry));
            }
        }
        Json.send(ctx, 200, answer);
    }

    private static Optional<String> query(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.queryParams().get(name)).filter(v -> !v.isEmpty());
    }

    private void getSchema(RoutingContext ctx) {
        String registry = ctx.pathParam("registry");
        SchemaEntry entry = registries.requireSchema(registry, ctx.pathParam("schema"));
        Json.send(ctx, 200, SchemaJson.detail(registries.requireRegistry(registry), entry));
    }

    private void putSchema(RoutingContext ctx) {
        String registry = ctx.pathParam("registry");
        String schema = ctx.pathParam("schema");
        registries.requireSchema(registry, schema);
        List<Violation> violations = new ArrayList<>();
        ObjectNode body = SchemaJson.object(Json.body(ctx), Set.of("description", "tags", "compatibility"), violations);
        Optional<String> description = SchemaJson.description(body, violations);
        Optional<List<String>> tags = SchemaJson.tags(body, violations);
        Optional<Compatibility> mode = SchemaJson.compatibility(body, violations);
        SchemaJson.requireNone(violations, "schema metadata");
        Replies.after(
                ctx,
                Stages.on(
                        ctx.vertx().getOrCreateContext(),
                        registries.updateSchema(registry, schema, description, tags, mode)),
                entry -> Json.send(ctx, 200, SchemaJson.detail(registries.requireRegistry(registry), entry)));
    }

    private void deleteSchema(RoutingContext ctx) {
        String registry = ctx.pathParam("registry");
        String schema = ctx.pathParam("schema");
        registries.requireSchema(registry, schema);
        List<String> buses = usage.apply(registry, schema);
        if (!buses.isEmpty()) {
            throw new SignalboxException(
                    ErrorType.SCHEMA_IN_USE,
                    "The schema '" + schema + "' is mapped or discovered by bus(es) " + String.join(", ", buses)
                            + "; change or delete those first.");
        }
        Replies.after(
                ctx,
                Stages.on(ctx.vertx().getOrCreateContext(), registries.deleteSchema(registry, schema)),
                deleted -> ctx.response().setStatusCode(204).end());
    }

    private void postVersion(RoutingContext ctx) {
        String registry = ctx.pathParam("registry");
        registries.requireRegistry(registry);
        String schemaName = Names.require("schema", ctx.pathParam("schema"));
        List<Violation> violations = new ArrayList<>();
        ObjectNode body = SchemaJson.object(Json.body(ctx), Set.of("schema", "description", "tags"), violations);
        JsonNode schema = SchemaJson.schema(body, violations);
        Optional<String> description = SchemaJson.description(body, violations);
        Optional<List<String>> tags = SchemaJson.tags(body, violations);
        SchemaJson.requireNone(violations, "registration");
        Replies.after(
                ctx,
                Stages.on(
                        ctx.vertx().getOrCreateContext(),
                        registries.register(registry, schemaName, schema, description, tags)),
                put -> Json.send(ctx, put.isCreated() ? 201 : 200, SchemaJson.version(put.value())));
    }

    private SchemaVersion version(RoutingContext ctx) {
        return registries.requireVersion(ctx.pathParam("registry"), ctx.pathParam("schema"), ctx.pathParam("version"));
    }

    private void getVersion(RoutingContext ctx) {
        Json.send(ctx, 200, SchemaJson.version(version(ctx)));
    }

    private void checkCompatibility(RoutingContext ctx) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode body = SchemaJson.object(Json.body(ctx), Set.of("schema"), violations);
        JsonNode schema = SchemaJson.schema(body, violations);
        SchemaJson.requireNone(violations, "compatibility check");
        Registries.CompatibilityReport report =
                registries.check(ctx.pathParam("registry"), ctx.pathParam("schema"), schema);
        ObjectNode answer = NODES.objectNode()
                .put("compatible", report.isCompatible())
                .put("mode", report.mode().name());
        ArrayNode problems = answer.putArray("problems");
        report.problems().forEach(p -> problems.addObject()
                .put("pointer", p.pointer())
                .put("message", p.message())
                .put("version", p.version()));
        Json.send(ctx, 200, answer);
    }

    private void diff(RoutingContext ctx) {
        String registry = ctx.pathParam("registry");
        String schema = ctx.pathParam("schema");
        SchemaEntry entry = registries.requireSchema(registry, schema);
        List<Violation> violations = new ArrayList<>();
        // Versions are numbered from 1 and never removed one by one: 1..latest are all there.
        int latest = entry.latest().version();
        int from = (int) QueryParams.integer(
                ctx, "from", 1, latest, entry.versions().size() > 1 ? latest - 1 : latest, violations);
        int to = (int) QueryParams.integer(ctx, "to", 1, latest, latest, violations);
        SchemaJson.requireNone(violations, "diff request");
        SchemaVersion a = registries.requireVersion(registry, schema, String.valueOf(from));
        SchemaVersion b = registries.requireVersion(registry, schema, String.valueOf(to));
        ObjectNode answer = NODES.objectNode().put("from", from).put("to", to);
        ArrayNode changes = answer.putArray("changes");
        for (SchemaDiff.Change c : SchemaDiff.between(a.schema(), b.schema())) {
            ObjectNode change = changes.addObject().put("pointer", c.pointer()).put("kind", c.kind());
            c.before().ifPresent(v -> change.set("before", v));
            c.after().ifPresent(v -> change.set("after", v));
        }
        Json.send(ctx, 200, answer);
    }

    private void example(RoutingContext ctx) {
        SchemaVersion v = version(ctx);
        ObjectNode event = NODES.objectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", "/signalbox/registries/" + v.registry())
                .put("type", v.name())
                .put("time", clock.instant().toString())
                .put("datacontenttype", "application/json")
                .put(
                        "dataschema",
                        absolute(
                                ctx,
                                "/v1/registries/" + v.registry() + "/schemas/" + v.name() + "/versions/"
                                        + v.version()));
        event.set("data", ExampleData.of(v.schema()));
        ctx.response()
                .setStatusCode(200)
                .putHeader("content-type", "application/cloudevents+json")
                .end(Json.bytes(event));
    }

    private void javaBindings(RoutingContext ctx) {
        String packageName =
                Optional.ofNullable(ctx.queryParams().get("package")).orElse("");
        if (!packageName.isEmpty() && !JAVA_PACKAGE.matcher(packageName).matches()) {
            throw SchemaJson.invalid(
                    "The package name is not a Java package name.",
                    List.of(new Violation(
                            "/package", "must be dot-separated Java identifiers, e.g. com.example.events")));
        }
        text(ctx, "text/x-java-source; charset=utf-8", JavaBindings.generate(version(ctx), packageName));
    }

    private void typeScriptBindings(RoutingContext ctx) {
        text(ctx, "application/typescript; charset=utf-8", TypeScriptBindings.generate(version(ctx)));
    }

    private static void text(RoutingContext ctx, String contentType, String body) {
        ctx.response().setStatusCode(200).putHeader("content-type", contentType).end(body);
    }

    /**
     * The path as an absolute URI on the address the caller used, as CloudEvents requires of
     * {@code dataschema}, so that the example can be posted as it is; the bare path when the
     * request's own URI cannot be worked out (a Host header that is not a host).
     */
    private static String absolute(RoutingContext ctx, String path) {
        String requested = ctx.request().absoluteURI();
        if (requested != null) {
            try {
                return URI.create(requested).resolve(path).toString();
            } catch (IllegalArgumentException e) {
                // fall through to the bare path
            }
        }
        return path;
    }

    private void usage(RoutingContext ctx) {
        String registry = ctx.pathParam("registry");
        String schema = ctx.pathParam("schema");
        registries.requireSchema(registry, schema);
        ObjectNode answer = NODES.objectNode();
        ArrayNode buses = answer.putArray("buses");
        usage.apply(registry, schema).forEach(buses::add);
        Json.send(ctx, 200, answer);
    }
}
