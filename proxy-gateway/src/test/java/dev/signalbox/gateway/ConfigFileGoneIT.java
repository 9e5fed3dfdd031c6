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
 * A --config file that cannot be read for a while (moved away and back, as a deploy script or
 * an editor may do; a directory put in its place) is a problem of the file that changes nothing
 * and says what is wrong; and once the file is back, even exactly as it was, the problem leaves
 * GET /v1/config (it stayed there for good, because unchanged content was never read again).
 */
@ExtendWith(VertxExtension.class)
class ConfigFileGoneIT {

    @Test
    void aFileThatGoesAndComesBackUnchangedIsReportedThenClearsItsProblem(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("signalbox.yaml");
        Path aside = dir.resolve("signalbox.yaml.aside");
        String config = "buses:\n  orders:\n    flush: sync\n";
        Files.writeString(file, config);
        try (TestNode node = TestNode.withConfigFile(vertx, dir.resolve("data"), file)) {
            Api api = node.api();

            Files.move(file, aside);
            awaitProblem(api, "does not exist");
            assertEquals(200, api.get("/v1/buses/orders").status(), "the declared bus stays");

            Files.move(aside, file);
            awaitNoProblem(api, "the same file back");

            Files.move(file, aside);
            Files.createDirectory(file);
            awaitProblem(api, "cannot be read");
            assertEquals(200, api.get("/v1/buses/orders").status(), "the declared bus stays");

            Files.delete(file);
            Files.move(aside, file);
            awaitNoProblem(api, "the same file back after the directory");
            assertEquals(200, api.get("/v1/buses/orders").status());
        }
    }

    private static void awaitProblem(Api api, String detail) {
        Eventually.await(
                Duration.ofSeconds(5),
                () -> api.get("/v1/config").json().has("error"),
                () -> "the unreadable file to be reported: "
                        + api.get("/v1/config").text());
        String reported = api.get("/v1/config").text();
        assertTrue(reported.contains(detail), "says why: " + reported);
    }

    private static void awaitNoProblem(Api api, String what) {
        Eventually.await(
                Duration.ofSeconds(5),
                () -> !api.get("/v1/config").json().has("error"),
                () -> what + ": the problem should be gone, but "
                        + api.get("/v1/config").text());
    }
}
