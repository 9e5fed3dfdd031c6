package dev.signalbox.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET on a console file honours one byte range (RFC 9110 14): 206 with that part and its {@code
 * Content-Range}; a range that starts past the end, or ends before it starts, is 416 with {@code
 * Content-Range: bytes *}{@code /<length>} (15.5.17), as a problem like every other refusal. Forms
 * the node does not serve (a suffix, several ranges, another unit) are ignored, as 14.2 allows: the
 * whole file. HEAD, for which no range is defined, is {@link HeadRequestIT}'s.
 */
@ExtendWith(VertxExtension.class)
class ConsoleRangeIT {

    private static final String FILE = "/ui/console.css";

    @Test
    void getAnswersOneRangeAndRefusesOneOutsideTheFile(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(vertx, dir)) {
            Api open = node.api().withKey(null);
            Api.Response whole = open.get(FILE);
            assertEquals(200, whole.status());
            byte[] file = whole.body();
            int length = file.length;
            assertTrue(length > 20, "a file long enough to cut: " + length);

            assertPart(whole, range(open, "bytes=3-12"), 3, 12);
            assertPart(whole, range(open, "bytes=5-"), 5, length - 1);
            // A last position past the end stands for the end (14.1.2).
            assertPart(whole, range(open, "bytes=0-" + (length + 100)), 0, length - 1);
            assertPart(whole, range(open, "bytes=" + (length - 1) + "-"), length - 1, length - 1);

            for (String unsatisfiable :
                    List.of("bytes=" + length + "-", "bytes=" + (length + 5) + "-" + (length + 9), "bytes=9-5")) {
                Api.Response refused = range(open, unsatisfiable);
                assertEquals(416, refused.status(), unsatisfiable);
                assertEquals(Optional.of("bytes */" + length), refused.headers().firstValue("content-range"));
                assertEquals("application/problem+json", refused.contentType(), unsatisfiable);
                JsonNode problem = refused.json();
                assertEquals("range.not-satisfiable", problem.path("code").asText(), problem.toString());
                assertEquals(
                        "urn:signalbox:problem:range.not-satisfiable",
                        problem.path("type").asText());
                assertEquals(416, problem.path("status").asInt());
                assertEquals(FILE, problem.path("instance").asText());
                assertEquals(
                        whole.headers().firstValue("content-security-policy"),
                        refused.headers().firstValue("content-security-policy"),
                        "the console's policy holds on its refusals too");
            }

            for (String ignored : List.of("bytes=-5", "bytes=0-1,3-4", "items=0-1")) {
                Api.Response all = range(open, ignored);
                assertEquals(200, all.status(), ignored);
                assertEquals(Optional.empty(), all.headers().firstValue("content-range"), ignored);
                assertArrayEquals(file, all.body(), ignored);
            }
        }
    }

    private static void assertPart(Api.Response whole, Api.Response part, int first, int last) {
        String what = "bytes " + first + "-" + last;
        assertEquals(206, part.status(), what);
        assertEquals(
                Optional.of(what + "/" + whole.body().length), part.headers().firstValue("content-range"));
        assertEquals(
                Optional.of(String.valueOf(last - first + 1)), part.headers().firstValue("content-length"));
        assertArrayEquals(Arrays.copyOfRange(whole.body(), first, last + 1), part.body(), what);
        assertEquals(whole.contentType(), part.contentType(), what);
        assertEquals(Optional.of("bytes"), part.headers().firstValue("accept-ranges"), what);
    }

    private static Api.Response range(Api open, String range) {
        return open.send(open.request(FILE).header("range", range).GET());
    }
}
