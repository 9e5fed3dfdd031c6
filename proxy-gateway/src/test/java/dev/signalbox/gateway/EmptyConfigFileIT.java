package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An empty --config file, as seen for a moment while an editor or {@code cat > file} rewrites
 * it, is a problem of the file, as a broken one is: nothing changes (applied as "no buses" it
 * deleted every declared bus with its stored events), and GET /v1/config reports it with the
 * way to really remove every bus ('buses: {}').
 */
@ExtendWith(VertxExtension.class)
class EmptyConfigFileIT {

    @Test
    void anEmptyFileChangesNothingAndLosesNoEvent(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        String config = "buses:\n  orders:\n    flush: sync\n";
        Files.writeString(file, config);
        try (TestNode node = TestNode.withConfigFile(vertx, dir.resolve("data"), file)) {
            Api api = node.api();
            Api.Response posted = api.postEvent(
                    "orders", BinaryEvent.text("kept", "kept").withSource("/s").withType("t"));
            assertEquals(202, posted.status(), posted.text());

            Files.writeString(file, "");
            Eventually.await(
                    Duration.ofSeconds(2),
                    () -> api.get("/v1/config").json().has("error"),
                    () -> "the empty file to be reported, not applied: "
                            + api.get("/v1/config").text());
            assertEquals(200, api.get("/v1/buses/orders").status(), "the declared bus stays");
            String reported = api.get("/v1/config").json().toString();
            assertTrue(reported.contains("no YAML document"), reported);
            assertTrue(reported.contains("buses: {}"), "says how to remove every bus: " + reported);

            Files.writeString(file, config);
            Eventually.await(
                    Duration.ofSeconds(2),
                    () -> !api.get("/v1/config").json().has("error"),
                    () -> "the good file again");
            Api.Response kept = api.get("/v1/buses/orders/events/kept");
            assertEquals(200, kept.status(), "an accepted event survives an editor's save: " + kept.text());
            assertTrue(kept.text().contains("\"kept\""));
        }
    }
}
