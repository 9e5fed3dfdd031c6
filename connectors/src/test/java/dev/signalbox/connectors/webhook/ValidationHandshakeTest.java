package dev.signalbox.connectors.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signalbox.connectors.Hook;
import dev.signalbox.connectors.Hook.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ValidationHandshakeTest {

    private Vertx vertx;
    private Context context;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    @Test
    void aReceiverThatAllowsTheOriginPasses() {
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(200)
                .with("WebHook-Allowed-Origin", r.header("WebHook-Request-Origin"))
                .with("WebHook-Allowed-Rate", "120"))) {
            Future<Void> result = run(hook);
            assertTrue(result.succeeded(), String.valueOf(result.cause()));
            Hook.Seen request = hook.seen().get(0);
            assertEquals(HttpMethod.OPTIONS, request.method());
            assertEquals("bus.example.org", request.header("WebHook-Request-Origin"));
        }
    }

    @Test
    void aWildcardOriginPasses() {
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(200).with("WebHook-Allowed-Origin", "*"))) {
            assertTrue(run(hook).succeeded());
        }
    }

    @Test
    void refusals() {
        try (Hook hook = Hook.answering(vertx, 200)) {
            assertRefused(run(hook), "no WebHook-Allowed-Origin");
        }
        try (Hook hook =
                Hook.start(vertx, (n, r) -> Reply.status(200).with("WebHook-Allowed-Origin", "other.example"))) {
            assertRefused(run(hook), "other.example");
        }
        try (Hook hook = Hook.start(vertx, (n, r) -> Reply.status(405))) {
            assertRefused(run(hook), "HTTP 405");
        }
        try (Hook hook = Hook.start(
                vertx,
                (n, r) -> Reply.status(200).with("WebHook-Allowed-Origin", "*").with("WebHook-Allowed-Rate", "lots"))) {
            assertRefused(run(hook), "lots");
        }
    }

    private static void assertRefused(Future<Void> result, String why) {
        assertTrue(result.failed());
        assertInstanceOf(ValidationHandshake.Refused.class, result.cause());
        assertTrue(result.cause().getMessage().contains(why), result.cause().getMessage());
    }

    private Future<Void> run(Hook hook) {
        Promise<Future<Void>> done = Promise.promise();
        context.runOnContext(v -> {
            Future<Void> handshake = ValidationHandshake.run(
                    vertx.createHttpClient(),
                    hook.uri(),
                    "bus.example.org",
                    Duration.ofSeconds(5),
                    Optional.empty(),
                    Optional.empty());
            handshake.onComplete(x -> done.complete(handshake));
        });
        return Hook.get(done.future());
    }
}
