package dev.signalbox.gateway.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.MimeMapping;
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
 * <p>GET honours one byte range of the form Vert.x Web's static handler reads ({@code
 * bytes=first-} or {@code bytes=first-last}: 206), refuses one outside the file (416, which
 * {@link Problems} answers with the handler's {@code Content-Range: bytes *}{@code /<length>}) and
 * ignores the others (suffix ranges, several ranges), which RFC 9110 14.2 allows.
 *
 * <p>Threading: {@link #mount} runs once per router, on the verticle's start; the handlers it
 * installs are stateless.
 */
public final class ConsoleRoutes {

    /** Where the console's files are on the classpath. */
    static final String WEB_ROOT = "console";

    private static final String INDEX = "index.html";
    private static final String ENCODING = "UTF-8";

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
                        .setIndexPage(INDEX)
                        .setCachingEnabled(false)
                        .setDefaultContentEncoding(ENCODING));
    }

    private static void policy(RoutingContext ctx) {
        ctx.response()
                .putHeader("content-security-policy", POLICY)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "no-referrer")
                .putHeader("cache-control", "no-cache");
        if (ctx.request().method() == HttpMethod.HEAD) {
            // RFC 9110 14.2: range handling is defined for GET only, and a server MUST ignore a
            // Range on any other method. Vert.x Web's static handler applies it to HEAD as well
            // (200 stating the range's length, or 416), so HEAD reaches it without one.
            ctx.request().headers().remove("range");
            ctx.addHeadersEndHandler(v -> typeOfGetBody(ctx));
        }
        ctx.next();
    }

    /**
     * Vert.x Web's static handler answers HEAD with the file's length but, unlike GET, without its
     * {@code Content-Type}; this names the type the same way it does for GET (RFC 9110 9.3.2 asks
     * HEAD for GET's headers).
     */
    private static void typeOfGetBody(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.getStatusCode() != 200 || response.headers().contains(HttpHeaders.CONTENT_TYPE)) {
            return;
        }
        String path = ctx.normalizedPath();
        String type = MimeMapping.mimeTypeForFilename(path.endsWith("/") ? INDEX : path);
        if (type != null) {
            response.putHeader(
                    HttpHeaders.CONTENT_TYPE, type.startsWith("text") ? type + ";charset=" + ENCODING : type);
        }
    }
}
