package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's files come from the node itself, without a key, with a policy that keeps the page
 * to its own origin; the API behind them still wants the key.
 */
@ExtendWith(VertxExtension.class)
class ConsoleAssetsIT {

    @Test
    void servesTheConsoleWithoutAKey(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api open = node.api().withKey(null);

            Api.Response bare = open.get("/ui");
            assertEquals(302, bare.status());
            assertEquals("/ui/", bare.headers().firstValue("location").orElse(""));

            Api.Response page = open.get("/ui/");
            assertEquals(200, page.status());
            assertTrue(page.contentType().startsWith("text/html"), page.contentType());
            assertTrue(page.text().contains("<script type=\"module\" src=\"js/app.js\"></script>"), page.text());
            String policy = page.headers().firstValue("content-security-policy").orElse("");
            assertTrue(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"), policy);
            assertEquals(
                    "nosniff",
                    page.headers().firstValue("x-content-type-options").orElse(""));

            for (String module : new String[] {"app", "api", "dom", "ui", "tree", "views/version", "views/diff"}) {
                Api.Response script = open.get("/ui/js/" + module + ".js");
                assertEquals(200, script.status(), module);
                // Browsers refuse a module script served with any other type.
                assertTrue(
                        script.contentType().startsWith("text/javascript")
                                || script.contentType().startsWith("application/javascript"),
                        script.contentType());
            }
            assertTrue(open.get("/ui/console.css").contentType().startsWith("text/css"));

            Api.Response missing = open.get("/ui/no-such-file.js");
            assertEquals(404, missing.status());
            assertEquals(401, open.get("/v1/buses").status(), "the API behind the console still needs the key");
        }
    }
}
