package dev.signalbox.gateway.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.signalbox.core.ErrorType;
import dev.signalbox.core.SignalboxException;
import dev.signalbox.gateway.auth.ApiKeyAuth;
import dev.signalbox.gateway.bus.IngestLimits;
import dev.signalbox.gateway.connection.ConnectionHandlers;
import dev.signalbox.gateway.metrics.GatewayMetrics;
import dev.signalbox.gateway.schema.SchemaHandlers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The HTTP edge: routes the v1 API, {@code /health} and {@code /ready} to their handlers, puts
 * API-key auth in front of {@code /v1}, and sends every failure through {@link Problems}. Posted
 * events take a lean path in front of the router ({@link EventIngress}); the router keeps their
 * route for everything that path hands on.
 *
 * <p>Threading: one instance per event loop; the handlers it is given are shared and
 * thread-safe.
 */
public final class ApiVerticle extends VerticleBase {

    /** What the verticle serves; shared by every instance. */
    public record Services(
            AdminHandlers admin,
            EventHandlers events,
            ApiKeyAuth auth,
            Buffer openApiJson,
            BooleanSupplier isReady,
            int maxBodyBytes,
            GatewayMetrics metrics,
            SchemaHandlers schemas,
            DeliveryHandlers deliveries,
            ConnectionHandlers connections) {}

    /** The most header bytes a request may carry (all headers together); more answers 431. */
    public static final int MAX_HEADER_BYTES = IngestLimits.SERVER_HEADER_BYTES;

    private final Services services;
    private final String host;
    private final int port;
    private final Duration idleTimeout;
    private HttpServer server;
    private Router router;
    /** The routes that are operations, for the template a refused request counts under. */
    private AllowedMethods operations;

    public ApiVerticle(Services services, String host, int port, Duration idleTimeout) {
        this.services = services;
        this.host = host;
        this.port = port;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public Future<?> start() {
        // No h2c upgrade: with Vert.x 5.0.7, about one in ten JDK HttpClient requests that ask
        // to upgrade (its default) never get their response body (docs/known-issues.md).
        // The idle timeout closes a connection on which nothing was read or written for that
        // long: a client that announces a body and stops sending, or stops half way through its
        // headers, would otherwise hold the connection (and up to the body limit of buffer)
        // forever. A keep-alive client that keeps sending requests is never idle.
        HttpServerOptions options = new HttpServerOptions()
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        return vertx.createHttpServer(options)
                .invalidRequestHandler(new InvalidRequests(MAX_HEADER_BYTES, options.getMaxInitialLineLength()))
                .requestHandler(new EventIngress(
                        services.events()::publish,
                        services.auth(),
                        services.metrics(),
                        services.maxBodyBytes(),
                        router()))
                .listen(port, host)
                .onSuccess(s -> server = s);
    }

    public int actualPort() {
        return server.actualPort();
    }

    /**
     * Every route bound to methods, as {@code "METHOD /path/:param"}, in the order matched; what
     * the contract test compares with the OpenAPI document. Routes without a method (auth, body
     * handling, failure handling) are not operations and are left out, and so is HEAD: every GET
     * route serves it too ({@link HeadRequests}), as HTTP implies, so the contract does not list it.
     */
    public List<String> routes() {
        List<String> routes = new ArrayList<>();
        for (Route route : router.getRoutes()) {
            if (route.methods() == null || route.methods().isEmpty()) {
                continue;
            }
            String path = route.getPath() == null ? "regex:" + route.getName() : route.getPath();
            route.methods().stream()
                    .filter(method -> method != HttpMethod.HEAD)
                    .forEach(method -> routes.add(method.name() + " " + path));
        }
        return routes;
    }

    /**
     * Times every request under its route template, so paths never become metric tags; a publish
     * is tagged with its bus as well, and only with one that exists ({@link
     * GatewayMetrics#publishTimer}).
     */
    private void timed(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(done -> {
            if (done.failed()) {
                // The connection closed before the answer was sent (the client reset it, or its
                // body's framing was broken): no status reached anyone, and the 200 the response
                // still holds would count a request that never succeeded.
                return;
            }
            String route = routeTemplate(ctx);
            String method = ctx.request().method().name();
            int status = ctx.response().getStatusCode();
            long took = System.nanoTime() - start;
            if (GatewayMetrics.PUBLISH_ROUTE.equals(route) && GatewayMetrics.PUBLISH_METHOD.equals(method)) {
                // Publishes EventIngress leaves to the router join its series, tagged with the bus.
                services.metrics().publishTimer(ctx.pathParam("bus"), status).record(took, TimeUnit.NANOSECONDS);
                return;
            }
            services.metrics().request(method, route, status, Duration.ofNanos(took));
        });
        ctx.next();
    }

    /**
     * Refuses a path or query string with a {@code %} not followed by two hex digits before any
     * route matches it: Vert.x Web's route matching decodes both (the query for its parameters)
     * and throws on one, and its fallback answers a bare text/plain 400 with an error logged.
     */
    private static void requireWellFormedEscapes(RoutingContext ctx) {
        if (!hasBrokenEscape(ctx, "path", ctx.request().path())
                && !hasBrokenEscape(ctx, "query string", ctx.request().query())) {
            ctx.next();
        }
    }

    /** Whether {@code text} has a broken escape; if so, the request is answered with a problem. */
    private static boolean hasBrokenEscape(RoutingContext ctx, String part, String text) {
        for (int i = text == null ? -1 : text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            if (i + 2 >= text.length()
                    || Character.digit(text.charAt(i + 1), 16) < 0
                    || Character.digit(text.charAt(i + 2), 16) < 0) {
                String escape = text.substring(i, Math.min(text.length(), i + 3));
                Problems.send(
                        ctx,
                        new SignalboxException(
                                ErrorType.REQUEST_INVALID,
                                "The request " + part + " has a malformed percent-encoding '" + escape + "' at index "
                                        + i + ": a '%' must be followed by two hex digits."));
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps the body handler from decoding a form. {@code curl -d} without a content type (as the
     * README's examples are written) sends {@code application/x-www-form-urlencoded}; every body
     * here is JSON or event data, and Vert.x's form decoder fails such a request with a 500 on a
     * '%' not followed by hex digits or a value over a kilobyte. The body handler decides from the
     * header when it starts, so the header is hidden from it and put back before any route runs.
     */
    private static void hideFormContentType(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            String lower = contentType.toLowerCase(Locale.ROOT);
            if (lower.contains("application/x-www-form-urlencoded") || lower.contains("multipart/form-data")) {
                ctx.put(FORM_CONTENT_TYPE, contentType);
                ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            }
        }
        ctx.next();
    }

    private static void restoreFormContentType(RoutingContext ctx) {
        String contentType = ctx.get(FORM_CONTENT_TYPE);
        if (contentType != null) {
            ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, contentType);
        }
        ctx.next();
    }

    private static final String FORM_CONTENT_TYPE = "signalbox.formContentType";
    private static final String UNMATCHED = "unmatched";

    /**
     * The template {@link #timed} counts a request under: its route's, or for a refusal answered
     * by the failure or an error handler (a handler's 400, a missing bus's 404, the body handler's
     * 413 before any operation's route ran), the operation's it was meant for. Why: by the time
     * such a request ends, Vert.x's current route is the failure handler's or a catch-all, whose
     * path is none or {@code /v1/}. A path no operation serves is {@code unmatched}, so a client
     * cannot create series.
     */
    private String routeTemplate(RoutingContext ctx) {
        Route current = ctx.currentRoute();
        String path = current == null ? null : current.getPath();
        if (ctx.response().getStatusCode() < 400
                || (path != null
                        && current.methods() != null
                        && !current.methods().isEmpty())) {
            return path == null ? UNMATCHED : path;
        }
        String template =
                operations.template(ctx.normalizedPath(), ctx.request().method());
        return template == null ? UNMATCHED : template;
    }

    /**
     * Answers 405 with the {@code Allow} header RFC 9110 asks for when routes serve the path, but
     * not with the request's method; false (nothing sent) otherwise.
     */
    private static boolean sentMethodNotAllowed(RoutingContext ctx, AllowedMethods allowed) {
        String path = ctx.normalizedPath();
        if (allowed.serves(path, ctx.request().method())) {
            return false;
        }
        String allow = allowed.allow(path);
        if (allow.isEmpty()) {
            return false;
        }
        ctx.response().putHeader(HttpHeaders.ALLOW, allow);
        Problems.send(
                ctx,
                new SignalboxException(
                        ErrorType.METHOD_NOT_ALLOWED,
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path() + "; " + allow + " is."));
        return true;
    }

    private Router router() {
        router = Router.router(vertx);
        router.route().handler(this::timed);
        router.route().handler(HeadRequests::lengthOfGetBody);
        router.route().handler(ApiVerticle::requireWellFormedEscapes);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(services.metrics().scrape()));
        router.get("/health")
                .handler(ctx -> Json.send(
                        ctx, 200, JsonNodeFactory.instance.objectNode().put("status", "UP")));
        router.get("/ready").handler(ctx -> {
            if (services.isReady().getAsBoolean()) {
                Json.send(ctx, 200, JsonNodeFactory.instance.objectNode().put("status", "READY"));
            } else {
                Problems.send(ctx, new SignalboxException(ErrorType.NOT_READY, "The node is starting or stopping."));
            }
        });
        router.get("/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("content-type", "application/json")
                .end(services.openApiJson()));
        ConsoleRoutes.mount(router);
        router.route("/v1/*").handler(services.auth());
        router.route("/v1/*").handler(ApiVerticle::hideFormContentType);
        router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(services.maxBodyBytes()));
        router.route("/v1/*").handler(ApiVerticle::restoreFormContentType);

        AdminHandlers admin = services.admin();
        router.get("/v1/buses").handler(admin::listBuses);
        router.put("/v1/buses/:bus").handler(admin::putBus);
        router.get("/v1/buses/:bus").handler(admin::getBus);
        router.delete("/v1/buses/:bus").handler(admin::deleteBus);
        router.post("/v1/buses/:bus/events").handler(services.events()::publish);
        router.get("/v1/buses/:bus/events/:id").handler(services.events()::find);
        router.get("/v1/buses/:bus/events/:id/deliveries").handler(services.deliveries()::deliveries);
        router.get("/v1/buses/:bus/dead-letters").handler(services.deliveries()::listDeadLetters);
        router.post("/v1/buses/:bus/dead-letters/redrive").handler(services.deliveries()::redrive);
        router.get("/v1/buses/:bus/dead-letters/:id").handler(services.deliveries()::getDeadLetter);
        router.get("/v1/buses/:bus/rules").handler(admin::listRules);
        router.put("/v1/buses/:bus/rules/:rule").handler(admin::putRule);
        router.get("/v1/buses/:bus/rules/:rule").handler(admin::getRule);
        router.delete("/v1/buses/:bus/rules/:rule").handler(admin::deleteRule);
        router.post("/v1/test-event-pattern").handler(admin::testEventPattern);
        router.get("/v1/config").handler(admin::getConfig);
        services.schemas().route(router);
        router.get("/v1/connections").handler(services.connections()::list);
        router.put("/v1/connections/:name").handler(services.connections()::put);
        router.get("/v1/connections/:name").handler(services.connections()::get);
        router.delete("/v1/connections/:name").handler(services.connections()::delete);

        HeadRequests.serveWhereGetIs(router);
        AllowedMethods allowed = AllowedMethods.of(router.getRoutes());
        operations = allowed;
        router.route().failureHandler(ctx -> {
            if (ctx.failure() == null && ctx.statusCode() == 413) {
                Problems.send(ctx, Problems.bodyTooLarge(ctx, services.maxBodyBytes()));
            } else {
                Problems.handleFailure(ctx);
            }
        });
        router.errorHandler(404, ctx -> {
            // A path served before the catch-all /v1/* routes (the public openapi.json) that
            // misses on its method ends as Vert.x's 404: it is a 405 all the same.
            if (!sentMethodNotAllowed(ctx, allowed)) {
                Problems.send(ctx, Problems.notFound(ctx));
            }
        });
        router.errorHandler(405, ctx -> {
            if (!sentMethodNotAllowed(ctx, allowed)) {
                Problems.handleFailure(ctx);
            }
        });
        router.errorHandler(413, ctx -> Problems.send(ctx, Problems.bodyTooLarge(ctx, services.maxBodyBytes())));
        router.errorHandler(500, Problems::handleFailure);
        return router;
    }
}
