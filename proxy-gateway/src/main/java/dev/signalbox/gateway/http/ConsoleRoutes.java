package dev.signalbox.gateway.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Serves the web console, static files bundled in the jar under {@code console/}, at {@code /ui/}.
 * The files need no key: the page asks for one and sends it as a Bearer header on its own calls
 * to {@code /v1}, so nothing secret is ever served here.
 *
 * <p>The policy headers keep the console to its own origin's scripts, styles and API, which is
 * what makes it safe to show API data in it (the scripts also never parse that data as HTML).
 * The files are revalidated on every load so that a node upgrade never mixes old and new modules.
 *
 * <p>Threading: {@link #mount} runs once per router, on the verticle's start; the handlers it
 * installs are stateless.
 */
public final class ConsoleRoutes {

    /** Where the console's files are on the classpath. */
    static final String WEB_ROOT = "console";

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private ConsoleRoutes() {}

    /** Adds {@code /ui} (redirected to {@code /ui/}) and everything under it to the router. */
    public static void mount(Router router) {
        // Relative links in the page resolve against /ui/, so the bare path must redirect. The
        // route also matches "/ui/" (Vert.x ignores a trailing slash), which goes on to the files.
        router.get("/ui").handler(ctx -> {
            if ("/ui".equals(ctx.request().path())) {
                ctx.redirect("/ui/");
            } else {
                ctx.next();
            }
        });
        router.route("/ui/*").handler(ConsoleRoutes::policy);
        router.route("/ui/*")
                .handler(StaticHandler.create(WEB_ROOT)
                        .setIndexPage("index.html")
                        .setCachingEnabled(false)
                        .setDefaultContentEncoding("UTF-8"));
    }

    private static void policy(RoutingContext ctx) {
        ctx.response()
                .putHeader("content-security-policy", POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("cache-control", "no-cache");
        ctx.next();
    }
}
